import { OffsetMapBuilder } from './offset-map';
import { SpanCollector } from './span-collector';

/**
 * Cheap facts gathered by the main pass, so that later passes run only when they can find
 * something (the collapsed view has its own lists: spacedStarts, leetAt).
 */
export const H_BACKSLASH = 1; // \x41 / \u0041 escapes?
export const H_ENTITY = 2; // &#105; entities?
export const H_COMMENT = 4; // <!--
export const H_HEX_PAIRS = 8; // eight two-digit hex words in a row: "69 67 6e …"

/** Text hidden from a reader: decoded in the main pass, scanned as its own view. */
export interface HiddenPayload {
  readonly kind: 'tags' | 'variation_selectors' | 'bidi';
  /** Original span of the hidden run. */
  readonly start: number;
  readonly end: number;
  /** The hidden text (for 'bidi', the original text inside the override, still in stored order). */
  readonly text: string;
}

/**
 * Everything the main pass knows while it runs. One object, fields read and written by the small
 * helpers in normalize-core.ts, non-ascii.ts, hidden-runs.ts and homoglyph-words.ts; the hot loop
 * keeps the output position in a local and syncs it around helper calls.
 */
export class CoreState {
  readonly source: string;
  /** Output code units; capacity ≥ o + (source.length − i) + slack at every step of the loop. */
  out: Uint16Array;
  o = 0;
  readonly map = new OffsetMapBuilder();

  // The current word: output start, digits in it, foreign-script letters in it.
  tokStart = 0;
  tokDigits = 0;
  wordForeign = 0;
  singles = 0;
  hexPairs = 0;
  /** An all-look-alike word waiting for its neighbour to tell whether it is Latin. */
  pendStart = -1;
  pendEnd = 0;
  pendInStart = 0;
  pendInEnd = 0;

  hints = 0;
  percents = 0;
  /** Words that are the ROT13 of a very common word (see rot13-segments.ts). */
  rot13Hints = 0;
  b64Start = 0;
  /** [start, end) pairs in the source: runs of ≥ 16 base64-alphabet characters. */
  readonly b64Runs: number[] = [];
  /** Output positions of the fourth single-letter word in a row ("i g n o r e"): where to look for spaced-out words. */
  readonly spacedStarts: number[] = [];
  /** Output positions inside words that mix letters with digits or @ $ | (leetspeak candidates), ascending. */
  readonly leetAt: number[] = [];

  /** An invisible character came right after a letter at output `splitAt`: does a letter follow? */
  splitAt = -1;
  splitIn = 0;
  readonly zeroWidth = new SpanCollector();
  readonly splits = new SpanCollector();
  readonly softHyphens = new SpanCollector();
  readonly bidiOverrides = new SpanCollector();
  readonly homoglyphWords = new SpanCollector();
  readonly tagChars = new SpanCollector();
  readonly variationText = new SpanCollector();
  readonly variationRuns = new SpanCollector();

  tagStart = -1;
  tagEnd = -1;
  tagCodes: number[] = [];
  tagFlagBase = false;
  tagOnlyFlagLetters = true;
  tagCancelLast = false;
  vsStart = -1;
  vsEnd = -1;
  vsBytes: number[] = [];
  rloStart = -1;
  readonly hidden: HiddenPayload[] = [];

  /** Base letter × combining mark → precomposed letter (0: none); per call, filled on demand. */
  composed: Map<number, number> | undefined;

  constructor(source: string) {
    this.source = source;
    this.out = allocate(source.length + 16);
  }

  /** Makes room for `extra` output units beyond one per remaining input unit (after index i). */
  reserve(extra: number, i: number): void {
    const need = this.o + extra + (this.source.length - i) + 16;
    if (need <= this.out.length) return;
    const bigger = allocate(Math.max(need, this.out.length * 2));
    bigger.set(this.out.subarray(0, this.o));
    this.out = bigger;
  }
}

/**
 * Small buffers come uninitialised from Node's pool (a fresh ArrayBuffer costs more than
 * normalising a short prompt); large ones are plain typed arrays, whose stores V8 compiles best.
 */
function allocate(units: number): Uint16Array {
  if (units > POOLED_UNITS) return new Uint16Array(units);
  const bytes = Buffer.allocUnsafe(units * 2);
  return new Uint16Array(bytes.buffer, bytes.byteOffset, units);
}
const POOLED_UNITS = 2048;

export function textOf(out: Uint16Array, length: number): string {
  return Buffer.from(out.buffer, out.byteOffset, length * 2).toString('utf16le');
}
