const NONE: number[] = [];

/** Spans closer than this merge into one. */
const MERGE_GAP = 64;
/** Findings per signal: enough to point at the obfuscated places, bounded however long the text. */
const MAX_SPANS = 8;

/**
 * Where one kind of obfuscation occurs, in original coordinates: nearby occurrences merge, and
 * past MAX_SPANS the last span grows to cover the rest, so the output stays bounded.
 */
export class SpanCollector {
  count = 0;
  // Created on first use: most texts have no obfuscation, and a prompt is normalised per request.
  starts: number[] = NONE;
  ends: number[] = NONE;

  add(start: number, end: number): void {
    if (this.count++ === 0) {
      this.starts = [];
      this.ends = [];
    }
    const last = this.starts.length - 1;
    if (last >= 0 && (start - this.ends[last]! <= MERGE_GAP || last === MAX_SPANS - 1)) {
      if (end > this.ends[last]!) this.ends[last] = end;
      return;
    }
    this.starts.push(start);
    this.ends.push(end);
  }
}
