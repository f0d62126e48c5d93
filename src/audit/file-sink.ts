import { KalguardError } from '../errors';
import { auditUnavailable, describeError } from './audit-error';
import { nodeAuditFs, type AuditFs } from './audit-fs';
import { addLine, createBatch, type Batch } from './batch';
import { serializeRecord, stampRecord } from './build-event';
import { openAuditFile } from './open-audit-file';
import { recoveredEvent, type AuditRecovery } from './tail-recovery';
import type { AuditEventInput, AuditRecord, AuditSink, AuditSinkHealth } from './types';
import { mergeRanges, unacknowledgedEvent, type SeqRange } from './unacknowledged';

const NEWLINE = 0x0a;
const DEFAULT_MAX_PENDING_RECORDS = 100_000;
const DEFAULT_MAX_PENDING_BYTES = 64 * 1024 * 1024;
const NO_RECORDS: readonly AuditRecord[] = Object.freeze([]);
const noop = (): void => undefined;

export interface FileAuditSinkOptions {
  readonly path: string;
  /** fsync once per batch before its appends resolve. */
  readonly fsync: boolean;
  readonly now: () => Date;
  /** Told when the sink goes down or its error changes (not once per rejected append). */
  readonly onError?: (error: KalguardError) => void;
  readonly fs?: AuditFs;
  /** Unwritten records (queued plus in flight) past which appends are refused: a stalled disk must not exhaust memory. */
  readonly maxPendingRecords?: number;
  readonly maxPendingBytes?: number;
}

export interface FileAuditSink extends AuditSink {
  /** What opening the existing file found: the composition root logs anything but 'empty'/'clean'. */
  readonly recovery: AuditRecovery;
}

/**
 * The append-only JSONL audit file with group commit: one write (and one fsync) per batch, never
 * per record, and no append resolves before the write holding its line has completed — the server
 * acknowledges a decision only after that. Every I/O step (batch write, reopen, close) runs on one
 * serial lane, so lines reach the file in sequence order and rotation never interleaves a write.
 */
export async function createFileAuditSink(options: FileAuditSinkOptions): Promise<FileAuditSink> {
  const { path, fsync, now, onError } = options;
  const fs = options.fs ?? nodeAuditFs;
  const maxPendingRecords = options.maxPendingRecords ?? DEFAULT_MAX_PENDING_RECORDS;
  const maxPendingBytes = options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;

  const opened = await openAuditFile(fs, path, { syncDirectory: fsync }).catch((error: unknown) => {
    throw new KalguardError('ERR_AUDIT_UNAVAILABLE', `Cannot open audit file: ${describeError(error)}`, { cause: error });
  });
  let fd: number | undefined = opened.fd;
  let nextSeq = opened.recovery.nextSeq;
  /** The file does not end in a newline (torn line, partial failed write): the next write starts one. */
  let tornPrefix = opened.recovery.tornBytes > 0;
  let failure: { readonly message: string; readonly during: 'open' | 'write' } | undefined;
  let lastFailureMessage = '';
  let closed = false;
  let shutDown = false;
  let closing: Promise<void> | undefined;
  let openBatch: Batch | undefined;
  let pendingRecords = 0;
  let pendingBytes = 0;
  let unacknowledged: SeqRange[] = [];
  let lane: Promise<void> = Promise.resolve();

  function exclusive(op: () => Promise<void>): Promise<void> {
    const run = lane.then(op);
    lane = run.catch(noop);
    return run;
  }

  function fail(during: 'open' | 'write', reason: string, cause: unknown): KalguardError {
    const error = auditUnavailable(reason, cause);
    const changed = failure?.message !== error.message;
    failure = { message: error.message, during };
    lastFailureMessage = error.message;
    // Report transitions, not every batch: a full disk would otherwise flood the operational log.
    if (changed) report(error);
    return error;
  }

  function report(error: KalguardError): void {
    try {
      onError?.(error);
    } catch {
      // A broken logger must not change what the sink decides.
    }
  }

  function stampLine(event: AuditEventInput): { record: AuditRecord; line: string } {
    const seq = nextSeq;
    const record = stampRecord(event, seq, now().toISOString());
    const line = serializeRecord(record);
    nextSeq = seq + 1; // only once serialisable: a refused event must not leave a gap
    return { record, line };
  }

  function enqueue(record: AuditRecord, line: string): Batch {
    const batch = openBatch ?? startBatch(record.seq);
    const bytes = addLine(batch, line, record.seq);
    pendingRecords += 1;
    pendingBytes += bytes;
    return batch;
  }

  function startBatch(firstSeq: number): Batch {
    const batch = createBatch(firstSeq);
    openBatch = batch;
    // Queued behind the write in flight, if any; until this runs, every append joins this batch.
    void exclusive(() => {
      if (openBatch === batch) openBatch = undefined;
      return writeBatch(batch);
    });
    return batch;
  }

  function appendInternal(event: AuditEventInput): Promise<void> {
    const { record, line } = stampLine(event);
    return enqueue(record, line).done;
  }

  /** Puts a note of earlier failed batches in front of the next record, so the gap is explained. */
  function explainGaps(): void {
    if (unacknowledged.length === 0) return;
    const ranges = unacknowledged;
    const { record, line } = stampLine(unacknowledgedEvent(ranges, lastFailureMessage));
    unacknowledged = [];
    enqueue(record, line).carried.push(...ranges);
  }

  async function ensureOpen(): Promise<number> {
    if (fd !== undefined) return fd;
    const reopened = await openAuditFile(fs, path, { syncDirectory: fsync }).catch((error: unknown) => {
      throw fail('open', `cannot open the audit file: ${describeError(error)}`, error);
    });
    fd = reopened.fd;
    // Never reuse a number, even if the file now at the path was written by someone else.
    nextSeq = Math.max(nextSeq, reopened.recovery.nextSeq);
    tornPrefix = reopened.recovery.tornBytes > 0;
    if (failure?.during === 'open') failure = undefined;
    const event = recoveredEvent(reopened.recovery);
    if (event !== undefined) void appendInternal(event);
    return fd;
  }

  async function writeOut(text: string): Promise<void> {
    if (shutDown) throw auditUnavailable('audit sink closed');
    const target = await ensureOpen();
    const buffer = Buffer.from(tornPrefix ? `\n${text}` : text, 'utf8');
    let offset = 0;
    try {
      // write(2) may write less than asked (signals, quotas, pipes): loop until the batch is out.
      while (offset < buffer.length) {
        const written = await fs.write(target, buffer, offset, buffer.length - offset);
        if (written <= 0) throw new Error('the write made no progress');
        offset += written;
      }
    } catch (error) {
      throw fail('write', `write failed: ${describeError(error)}`, error);
    } finally {
      // If a failed write left half a line, the next batch must not glue its first record to it.
      if (offset > 0) tornPrefix = buffer[offset - 1] !== NEWLINE;
    }
    if (fsync) {
      await fs.fsync(target).catch((error: unknown) => {
        throw fail('write', `fsync failed: ${describeError(error)}`, error);
      });
    }
  }

  async function writeBatch(batch: Batch): Promise<void> {
    try {
      await writeOut(batch.text);
      failure = undefined;
      batch.resolve();
    } catch (error) {
      unacknowledged = mergeRanges([...unacknowledged, ...batch.carried, { from: batch.firstSeq, to: batch.lastSeq }]);
      batch.reject(error instanceof KalguardError ? error : auditUnavailable(describeError(error), error));
    } finally {
      pendingRecords -= batch.records;
      pendingBytes -= batch.bytes;
    }
  }

  function backlogMessage(): string | undefined {
    if (pendingRecords < maxPendingRecords && pendingBytes < maxPendingBytes) return undefined;
    return `${pendingRecords} records (${pendingBytes} bytes) are still waiting for the disk`;
  }

  function append(event: AuditEventInput): Promise<AuditRecord> {
    if (closed) return Promise.reject(auditUnavailable('audit sink closed'));
    const backlog = backlogMessage();
    if (backlog !== undefined) return Promise.reject(auditUnavailable(backlog));
    let stamped: { record: AuditRecord; line: string };
    try {
      explainGaps();
      stamped = stampLine(event);
    } catch (error) {
      return Promise.reject(auditUnavailable(`the record cannot be built: ${describeError(error)}`, error));
    }
    const { record, line } = stamped;
    return enqueue(record, line).done.then(() => record);
  }

  function health(): AuditSinkHealth {
    if (closed) return { healthy: false, mode: 'file', lastError: 'audit sink closed' };
    if (failure !== undefined) return { healthy: false, mode: 'file', lastError: failure.message };
    const backlog = backlogMessage();
    if (backlog !== undefined) return { healthy: false, mode: 'file', lastError: backlog };
    return { healthy: true, mode: 'file' };
  }

  /** After logrotate renamed the file: later writes go to a fresh file at `path`. */
  function reopen(): Promise<void> {
    if (closed) return Promise.reject(auditUnavailable('audit sink closed'));
    return exclusive(async () => {
      if (fd !== undefined) {
        const old = fd;
        fd = undefined;
        await fs.close(old).catch((error: unknown) => report(auditUnavailable(`closing the rotated file failed: ${describeError(error)}`, error)));
      }
      await ensureOpen();
    });
  }

  function close(): Promise<void> {
    if (closing !== undefined) return closing;
    closed = true;
    try {
      explainGaps();
    } catch {
      // A clock that throws cannot stop the shutdown; the failed appends were already refused.
    }
    closing = exclusive(async () => {
      shutDown = true;
      if (fd === undefined) return;
      const old = fd;
      fd = undefined;
      await fs.close(old).catch((error: unknown) => {
        throw auditUnavailable(`closing the audit file failed: ${describeError(error)}`, error);
      });
    });
    return closing;
  }

  const event = recoveredEvent(opened.recovery);
  // Awaited so the note is on disk before the sink is handed out; a failure already shows in health.
  if (event !== undefined) await appendInternal(event).catch(noop);

  return Object.freeze({ recovery: opened.recovery, append, health, reopen, close, recent: () => NO_RECORDS });
}
