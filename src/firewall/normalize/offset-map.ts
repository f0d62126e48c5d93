/**
 * The way back from normalised offsets to original ones, stored as segments rather than one entry
 * per character: most text maps one to one, so a segment starts only where that breaks (a dropped
 * character, a folded whitespace run, a surrogate pair folded to one letter, an expansion).
 *
 * Segment k covers output [outStart[k], outStart[k+1]). An identity segment maps output p to the
 * single original unit inStart[k] + (p − outStart[k]); a fixed segment maps every output position
 * to the original span [inStart[k], inEnd[k]).
 */
export interface OffsetMap {
  /** Original start of normalised character p (0 ≤ p < length). */
  startOf(p: number): number;
  /** Original end (exclusive) of normalised character p. */
  endOf(p: number): number;
}

const IDENTITY = -1;

export class OffsetMapBuilder implements OffsetMap {
  private readonly outStart: number[] = [0];
  private readonly inStart: number[] = [0];
  private readonly inEnd: number[] = [IDENTITY];

  /** From output position `o` on, output maps one to one onto the original from `i`. */
  expect(o: number, i: number): void {
    const k = this.dropFrom(o);
    const so = this.outStart[k]!;
    if (so === o) {
      this.inStart[k] = i;
      this.inEnd[k] = IDENTITY;
    } else if (this.inEnd[k] !== IDENTITY || this.inStart[k]! + (o - so) !== i) {
      this.push(o, i, IDENTITY);
    }
  }

  /** Output from `o` on (until the next segment) all stands for original [start, end). */
  fixed(o: number, start: number, end: number): void {
    const k = this.dropFrom(o);
    if (this.outStart[k] === o) {
      this.inStart[k] = start;
      this.inEnd[k] = end;
    } else {
      this.push(o, start, end);
    }
  }

  startOf(p: number): number {
    const k = this.segmentAt(p);
    const end = this.inEnd[k]!;
    return end === IDENTITY ? this.inStart[k]! + (p - this.outStart[k]!) : this.inStart[k]!;
  }

  endOf(p: number): number {
    const k = this.segmentAt(p);
    const end = this.inEnd[k]!;
    return end === IDENTITY ? this.inStart[k]! + (p - this.outStart[k]!) + 1 : end;
  }

  /** Segments starting at or after `o` describe output that was taken back (a trailing space). */
  private dropFrom(o: number): number {
    let k = this.outStart.length - 1;
    while (k > 0 && this.outStart[k]! > o) {
      this.outStart.pop();
      this.inStart.pop();
      this.inEnd.pop();
      k--;
    }
    return k;
  }

  private push(o: number, start: number, end: number): void {
    this.outStart.push(o);
    this.inStart.push(start);
    this.inEnd.push(end);
  }

  private segmentAt(p: number): number {
    const starts = this.outStart;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= p) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** [start, end) in a view whose characters map through `map`, to original [start, end). */
export function mapThrough(map: OffsetMap, length: number, start: number, end: number): readonly [number, number] {
  if (length === 0) return [0, 0];
  const s = Math.min(Math.max(start, 0), length - 1);
  if (end <= start) {
    const at = map.startOf(s);
    return [at, at];
  }
  const e = Math.min(Math.max(end - 1, s), length - 1);
  const from = map.startOf(s);
  return [from, Math.max(from, map.endOf(e))];
}
