import type { AuditEventInput } from './types';

/** Inclusive range of sequence numbers. */
export interface SeqRange {
  readonly from: number;
  readonly to: number;
}

/** Enough to explain any realistic outage; past it ranges coarsen, they are never dropped. */
const MAX_RANGES = 100;

/**
 * Merges ranges (sorted, adjacent ones joined). Past MAX_RANGES the two newest are joined into one
 * wider range: the note may then name a few acknowledged numbers too, but never misses a gap.
 */
export function mergeRanges(ranges: readonly SeqRange[]): SeqRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const merged: SeqRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && range.from <= last.to + 1) merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, range.to) };
    else merged.push(range);
  }
  while (merged.length > MAX_RANGES) {
    const newest = merged.pop() as SeqRange;
    const previous = merged.pop() as SeqRange;
    merged.push({ from: previous.from, to: newest.to });
  }
  return merged;
}

/**
 * Sequence numbers are handed out when `append` is called, so a batch that fails leaves a gap. The
 * next record that reaches the file explains it, so an auditor can tell a failed write (the client
 * got 503 and nothing was decided) from a deleted line. Some of those records may be in the file
 * anyway — a write that landed before its fsync failed — which errs on the safe side: recorded but
 * never acknowledged.
 */
export function unacknowledgedEvent(ranges: readonly SeqRange[], lastError: string): AuditEventInput {
  return {
    type: 'audit.recovered',
    reasonCode: 'audit.write_failed',
    reason: 'Audit records could not be written; their decisions were refused to the caller.',
    details: { unacknowledged: ranges.map((r) => ({ from: r.from, to: r.to })), lastError },
  };
}
