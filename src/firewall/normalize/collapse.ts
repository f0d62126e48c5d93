import type { CoreState } from './core-state';
import { type OffsetMap, OffsetMapBuilder } from './offset-map';
import { SpanCollector } from './span-collector';
import { stringFromCodes } from './text-utils';

/*
 * The collapsed reading: spaced-out or punctuated single letters joined ("i g n o r e",
 * "i.g.n.o.r.e" → "ignore") and leetspeak folded inside words that mix letters with digits or
 * symbols ("1gn0r3" → "ignore"). Built from the normalised text at the places the main pass
 * marked, copying everything in between as it is: cost proportional to the text only when there
 * is something to collapse.
 */

export interface Collapsed {
  readonly text: string;
  /** Collapsed position → normalised position. */
  readonly toNormalized: OffsetMap;
  readonly spacedRuns: SpanCollector;
  readonly leetWords: SpanCollector;
}

/** A spaced-out word needs at least this many letters: "a b c" in ordinary text stays. */
const MIN_SPACED_LETTERS = 4;
const SEPARATORS = new Set([32, 46, 45, 95, 42, 47, 124, 44, 43, 126, 58, 0xb7]); // space . - _ * / | , + ~ : ·

const LEET: Readonly<Record<number, number>> = { 48: 111, 51: 101, 52: 97, 53: 115, 55: 116, 64: 97, 36: 115, 124: 108 }; // 0 3 4 5 7 @ $ |
const ONE = 49;
const PIPE = 124;

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlnum(c: number): boolean {
  return isLetter(c) || isDigit(c);
}
/** What a spaced-out or leet word is made of. */
function isLeetish(c: number): boolean {
  return isAlnum(c) || c === 64 || c === 36 || c === PIPE;
}

/** Builds the collapsed text piece by piece, with its map back to normalised positions. */
class CollapseWriter {
  readonly parts: string[] = [];
  readonly map = new OffsetMapBuilder();
  length = 0;
  cursor = 0;
  constructor(private readonly text: string) {}

  /** Copies the normalised text up to `to`. */
  copyTo(to: number): void {
    if (to <= this.cursor) return;
    this.map.expect(this.length, this.cursor);
    this.parts.push(this.text.slice(this.cursor, to));
    this.length += to - this.cursor;
    this.cursor = to;
  }

  /** Writes `codes`, code k standing for normalised position at[k]. */
  write(codes: readonly number[], at: readonly number[]): void {
    for (let k = 0; k < codes.length; k++) this.map.expect(this.length + k, at[k]!);
    this.parts.push(stringFromCodes(codes));
    this.length += codes.length;
  }

  /** Writes `codes` in place of the normalised text from `from` on, one for one. */
  writeAligned(codes: readonly number[], from: number): void {
    this.map.expect(this.length, from);
    this.parts.push(stringFromCodes(codes));
    this.length += codes.length;
  }
}

export function collapseText(text: string, st: CoreState, map: OffsetMap): Collapsed | undefined {
  if (st.spacedStarts.length === 0 && st.leetAt.length === 0) return undefined;
  const writer = new CollapseWriter(text);
  const spacedRuns = new SpanCollector();
  const leetWords = new SpanCollector();
  let leetFolded = false;
  // Everything before `floor` has been looked at: candidates there are skipped (each word once).
  let floor = 0;
  let s = 0;
  let l = 0;
  while (s < st.spacedStarts.length || l < st.leetAt.length) {
    const spacedAt = st.spacedStarts[s] ?? Number.MAX_SAFE_INTEGER;
    const leetAt = st.leetAt[l] ?? Number.MAX_SAFE_INTEGER;
    if (spacedAt <= leetAt) {
      s++;
      if (spacedAt < floor) continue;
      floor = joinSpacedRegion(text, regionStart(text, spacedAt, floor), writer, map, spacedRuns, leetWords);
    } else {
      l++;
      if (leetAt < floor) continue;
      floor = foldLeetWordAt(text, leetAt, floor, writer, map, leetWords);
      if (writer.cursor === floor) leetFolded = true;
    }
    floor = Math.max(floor, writer.cursor);
  }
  if (spacedRuns.count === 0 && !leetFolded) return undefined;
  writer.copyTo(text.length);
  return { text: writer.parts.join(''), toNormalized: writer.map, spacedRuns, leetWords };
}

/** A single leet-ish character at p: not glued to another letter or digit on its right. */
function isSingleAt(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  return isLeetish(c) && c !== PIPE && !isAlnum(text.charCodeAt(p + 1));
}

/**
 * The start of the single-letter region around `at` (the main pass marks the fourth single letter
 * in a row): back over single letters and separators, to a longer word, a line break or `floor`.
 */
function regionStart(text: string, at: number, floor: number): number {
  let p = at;
  while (p > floor) {
    const c = text.charCodeAt(p - 1);
    if (c === 10 || (isAlnum(c) && p - 2 >= floor && isAlnum(text.charCodeAt(p - 2)))) break;
    if (!isLeetish(c) && !SEPARATORS.has(c)) break;
    p--;
  }
  return p;
}

/**
 * From `from` (the first of several single-letter words), joins every spaced run up to the end of
 * the single letters; returns where the region ended.
 */
function joinSpacedRegion(text: string, from: number, writer: CollapseWriter, map: OffsetMap, runs: SpanCollector, leet: SpanCollector): number {
  let p = from;
  while (p < text.length) {
    const c = text.charCodeAt(p);
    if (isAlnum(c) && isAlnum(text.charCodeAt(p + 1))) break; // a longer word: the region ended
    if (!isLeetish(c) && !SEPARATORS.has(c)) break;
    const [end, joins] = spacedRunAt(text, p);
    if (!joins) {
      // Not a spaced-out word (too short, or digits): skip all of it, so that nothing is read twice.
      p = Math.max(end, p + 1);
      continue;
    }
    writer.copyTo(p);
    const { codes, at } = runLetters(text, map, p, end);
    if (foldWord(codes, 0, codes.length) === LEET_INSIDE) leet.add(map.startOf(p), map.endOf(end - 1));
    writer.write(codes, at);
    writer.cursor = end;
    runs.add(map.startOf(p), map.endOf(end - 1));
    p = end;
  }
  return p;
}

/**
 * End (exclusive) of the run of single characters at p joined by one repeated separator, and
 * whether it spells a word: at least four of them, nearly all letters.
 */
function spacedRunAt(text: string, p: number): readonly [number, boolean] {
  if ((p > 0 && isAlnum(text.charCodeAt(p - 1))) || !isSingleAt(text, p)) return [p, false];
  const sep = text.charCodeAt(p + 1);
  if (!SEPARATORS.has(sep)) return [p, false];
  let q = p;
  let count = 1;
  let letters = isLetter(text.charCodeAt(p)) ? 1 : 0;
  while (text.charCodeAt(q + 1) === sep && isSingleAt(text, q + 2)) {
    q += 2;
    count++;
    if (isLetter(text.charCodeAt(q))) letters++;
  }
  return [q + 1, count >= MIN_SPACED_LETTERS && letters >= MIN_SPACED_LETTERS - 1];
}

/**
 * Letters of a run, without the separators. With spaces, a wider gap in the original than the
 * run's narrowest one ("i g n o r e   p r e v …") marks a word boundary and stays a space.
 */
function runLetters(text: string, map: OffsetMap, from: number, to: number): { codes: number[]; at: number[] } {
  const codes: number[] = [];
  const at: number[] = [];
  const spaced = text.charCodeAt(from + 1) === 32;
  let narrowest = Number.MAX_SAFE_INTEGER;
  if (spaced) for (let p = from; p + 2 < to; p += 2) narrowest = Math.min(narrowest, map.startOf(p + 2) - map.endOf(p));
  for (let p = from; p < to; p += 2) {
    if (spaced && p > from && map.startOf(p) - map.endOf(p - 2) > narrowest) {
      codes.push(32);
      at.push(p - 1);
    }
    codes.push(text.charCodeAt(p));
    at.push(p);
  }
  return { codes, at };
}

/** The leet-ish word around `at` (not before `floor`), folded when it is leetspeak; returns its end. */
function foldLeetWordAt(text: string, at: number, floor: number, writer: CollapseWriter, map: OffsetMap, words: SpanCollector): number {
  let start = at;
  while (start > floor && isLeetish(text.charCodeAt(start - 1))) start--;
  let end = at;
  while (end < text.length && isLeetish(text.charCodeAt(end))) end++;
  if (end === start) return end;
  const codes: number[] = [];
  for (let p = start; p < end; p++) codes.push(text.charCodeAt(p));
  const result = foldWord(codes, 0, codes.length, text.charCodeAt(end), text.charCodeAt(end + 1));
  if (result === NOT_LEET) return end;
  if (result === LEET_INSIDE) words.add(map.startOf(start), map.endOf(end - 1));
  writer.copyTo(start);
  writer.writeAligned(codes, start);
  writer.cursor = end;
  return end;
}

const NOT_LEET = 0;
const LEET_AT_EDGE = 1;
const LEET_INSIDE = 2;

/** Longer "words" mixing letters and digits are identifiers, keys or base64, not leetspeak. */
const MAX_LEET_WORD = 16;

/**
 * Folds leetspeak in codes[start, end), in place. Left alone: words with other digits ("sha256",
 * "covid19"), hex strings of 7 or more (commit ids, hashes), "0x…" literals, e-mail addresses
 * (`next`, `afterNext`: the characters after the word), and anything longer than MAX_LEET_WORD. A signal only with a substitute between two letters ("pr0mpt"),
 * not for a digit at the edge ("gpt4", "mp3").
 */
function foldWord(codes: number[], start: number, end: number, next = 0, afterNext = 0): number {
  let letters = 0;
  let lastLetter = -1;
  let substitutes = 0;
  let hex = true;
  for (let p = start; p < end; p++) {
    const c = codes[p]!;
    if (isLetter(c)) {
      letters++;
      lastLetter = p;
    } else if (LEET[c] !== undefined || c === ONE) substitutes++;
    else return NOT_LEET;
    if (!(isDigit(c) || (c >= 97 && c <= 102))) hex = false;
  }
  if (letters === 0 || (letters === 1 && end - start < 3) || substitutes === 0 || end - start > MAX_LEET_WORD) return NOT_LEET;
  if ((hex && end - start >= 7) || (codes[start] === 48 && codes[start + 1] === 120)) return NOT_LEET;
  if (next === 46 && isLetter(afterNext) && codes.includes(64)) return NOT_LEET;
  let interior = false;
  let seenLetter = false;
  let previous = 0; // the previous code before folding
  for (let p = start; p < end; p++) {
    const c = codes[p]!;
    if (isLetter(c)) {
      seenLetter = true;
    } else {
      if (seenLetter && c !== PIPE && p < lastLetter) interior = true;
      codes[p] = c === ONE ? oneAs(previous, p + 1 < end ? codes[p + 1]! : 0) : LEET[c]!;
    }
    previous = c;
  }
  return interior ? LEET_INSIDE : LEET_AT_EDGE;
}

/** Letters after which a "1" is more likely an l than an i: "ru1e", "f1ag", "1ike", "1uck", "on1y". */
const L_BEFORE = new Set([97, 101, 105, 117, 121]); // a e i u y

/**
 * "1" reads as "l" when doubled ("a11", "he11o") or before a vowel that follows l more often than
 * i ("ru1e"), and as "i" otherwise ("1gn0r3", "k1ll", "pr3v10us"). Neighbours are as written.
 */
function oneAs(before: number, after: number): number {
  if (before === ONE || after === ONE) return 108;
  return L_BEFORE.has(LEET[after] ?? after) ? 108 : 105;
}
