import type { KalguardError } from '../errors';
import type { SeqRange } from './unacknowledged';

const noop = (): void => undefined;

/** Lines waiting for one write. Everything appended while the previous write is in flight joins it. */
export interface Batch {
  text: string;
  records: number;
  bytes: number;
  readonly firstSeq: number;
  lastSeq: number;
  /** Earlier gaps that a record in this batch explains; owed again if this batch fails too. */
  readonly carried: SeqRange[];
  readonly done: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: KalguardError) => void;
}

export function createBatch(firstSeq: number): Batch {
  let resolve = noop;
  let reject: (error: KalguardError) => void = noop;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Internal records (recovery notes) have nobody awaiting them; callers hold their own `then`.
  done.catch(noop);
  return { text: '', records: 0, bytes: 0, firstSeq, lastSeq: firstSeq, carried: [], done, resolve, reject };
}

/** Adds one serialised record; returns its size in bytes for the pending bound. */
export function addLine(batch: Batch, line: string, seq: number): number {
  const bytes = Buffer.byteLength(line);
  // String concatenation builds a rope: one flatten when the batch becomes a Buffer, no array.
  batch.text += line;
  batch.records += 1;
  batch.bytes += bytes;
  batch.lastSeq = seq;
  return bytes;
}
