import type { AuditEventInput } from './types';

const NEWLINE = 0x0a;
/** `"seq":N` in text that is not a parseable record; longer digit runs are not a seq of ours. */
const SEQ_IN_TEXT = /"seq":(\d{1,15})(?!\d)/g;

/** What the end of an existing audit file says about how the previous writer stopped. */
export interface TailAnalysis {
  /** Bytes after the last newline: a line the previous writer never finished (crash, kill -9). */
  readonly tornBytes: number;
  /** `seq` of the last complete line that parses as a record. */
  readonly lastGoodSeq: number | undefined;
  /** Non-blank complete lines after that one that do not parse. */
  readonly skippedLines: number;
  /** Largest `"seq":N` anywhere in the window; the fallback when no line parses. */
  readonly maxSeqSeen: number | undefined;
}

export type AuditRecoveryStatus = 'empty' | 'clean' | 'torn' | 'unparseable';

/** The sink's verdict on an opened file, exposed so the composition root can log it. */
export interface AuditRecovery {
  readonly status: AuditRecoveryStatus;
  /** The sequence number the next record gets. */
  readonly nextSeq: number;
  readonly lastGoodSeq: number | null;
  readonly tornBytes: number;
  readonly skippedLines: number;
  /** How much of the file's end was read to decide. */
  readonly scannedBytes: number;
}

export const EMPTY_RECOVERY: AuditRecovery = Object.freeze({
  status: 'empty',
  nextSeq: 1,
  lastGoodSeq: null,
  tornBytes: 0,
  skippedLines: 0,
  scannedBytes: 0,
});

function parseSeq(line: Buffer): number | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const seq = (value as { seq?: unknown }).seq;
  return typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 1 ? seq : undefined;
}

function isBlank(line: Buffer): boolean {
  return line.toString('latin1').trim() === '';
}

function findMaxSeq(window: Buffer): number | undefined {
  let max: number | undefined;
  for (const match of window.toString('latin1').matchAll(SEQ_IN_TEXT)) {
    const seq = Number(match[1]);
    if (Number.isSafeInteger(seq) && seq >= 1 && (max === undefined || seq > max)) max = seq;
  }
  return max;
}

/**
 * Reads the last bytes of a file backwards, line by line, until a record parses. When the window
 * does not start at the beginning of the file its first segment may begin mid-line, so it is never
 * trusted; the caller widens the window instead.
 */
export function analyzeTail(window: Buffer, startsAtFileStart: boolean): TailAnalysis {
  const lastNewline = window.lastIndexOf(NEWLINE);
  const tornBytes = window.length - (lastNewline + 1);
  let end = lastNewline;
  let skippedLines = 0;
  let lastGoodSeq: number | undefined;
  while (end >= 0) {
    // Buffer#lastIndexOf counts a negative offset from the end, so the start needs its own case.
    const previous = end === 0 ? -1 : window.lastIndexOf(NEWLINE, end - 1);
    if (previous === -1 && !startsAtFileStart) break;
    const line = window.subarray(previous + 1, end);
    lastGoodSeq = parseSeq(line);
    if (lastGoodSeq !== undefined) break;
    if (!isBlank(line)) skippedLines += 1;
    end = previous;
  }
  const maxSeqSeen = lastGoodSeq === undefined ? findMaxSeq(window) : undefined;
  return { tornBytes, lastGoodSeq, skippedLines, maxSeqSeen };
}

/**
 * Continues after the last good record, so the sequence stays gap-free across restarts (a torn
 * record was never acknowledged, so its number is free). With no parseable record, the largest
 * number seen anywhere keeps the sequence from going backwards; failing that, start at 1.
 */
export function planRecovery(analysis: TailAnalysis, scannedBytes: number): AuditRecovery {
  if (scannedBytes === 0) return EMPTY_RECOVERY;
  const { tornBytes, lastGoodSeq, skippedLines, maxSeqSeen } = analysis;
  const status: AuditRecoveryStatus =
    tornBytes > 0 ? 'torn' : lastGoodSeq === undefined || skippedLines > 0 ? 'unparseable' : 'clean';
  const nextSeq = (lastGoodSeq ?? maxSeqSeen ?? 0) + 1;
  return { status, nextSeq, lastGoodSeq: lastGoodSeq ?? null, tornBytes, skippedLines, scannedBytes };
}

/** The `audit.recovered` event for a file that did not end cleanly; undefined when it did. */
export function recoveredEvent(recovery: AuditRecovery): AuditEventInput | undefined {
  if (recovery.status === 'empty' || recovery.status === 'clean') return undefined;
  const torn = recovery.status === 'torn';
  return {
    type: 'audit.recovered',
    reasonCode: torn ? 'audit.torn_line' : 'audit.unparseable_tail',
    reason: torn
      ? 'The audit file ended in an unfinished line; it was terminated and left in place.'
      : 'The end of the audit file holds lines that are not audit records; they were left in place.',
    details: {
      tornBytes: recovery.tornBytes,
      lastGoodSeq: recovery.lastGoodSeq,
      skippedLines: recovery.skippedLines,
      scannedBytes: recovery.scannedBytes,
    },
  };
}
