import { IS_HEX } from './char-tables';
import type { CoreState } from './core-state';
import { H_HEX_PAIRS } from './core-state';
import { closeRlo } from './hidden-runs';
import { finalizeWord } from './homoglyph-words';
import { rot13Hint } from './rot13-segments';

/*
 * Emission helpers shared by the ASCII and non-ASCII paths of the main pass (normalize-core.ts).
 */

/** A base64 run must be at least this long to be worth decoding (12 bytes). */
export const MIN_BASE64_RUN = 16;

/** A whitespace run becomes one space; none at the start of the text or of a line. */
export function emitSpace(st: CoreState, i: number): void {
  const o = st.o;
  const prev = o === 0 ? 10 : st.out[o - 1];
  if (prev === 32 || prev === 10) st.map.expect(o, i + 1);
  else st.out[st.o++] = 32;
}

/** Line breaks are kept; a space before one is taken back. */
export function emitNewline(st: CoreState, i: number): void {
  let o = st.o;
  if (o > 0 && st.out[o - 1] === 32) {
    o--;
    st.map.expect(o, i);
  }
  st.out[o] = 10;
  st.o = o + 1;
  if (st.rloStart >= 0) closeRlo(st, i, i);
}

/** A base64 run ends at `i` (any character outside its alphabet). */
export function endBase64Run(st: CoreState, i: number): void {
  if (i - st.b64Start >= MIN_BASE64_RUN) st.b64Runs.push(st.b64Start, i);
  st.b64Start = i + 1;
}

/**
 * The current word ends before source index `i`: cheap statistics for the later passes, and the
 * homoglyph decision for words that contain Greek, Cyrillic or Armenian letters.
 */
export function wordBoundary(st: CoreState, i: number): void {
  if (st.splitAt >= 0) {
    resolveSplit(st);
    if (st.splitAt === st.o) st.splitAt = -1;
  }
  const len = st.o - st.tokStart;
  if (len <= 0) return;
  if (st.tokDigits > 0) {
    if (st.tokDigits < len) st.leetAt.push(st.tokStart);
    st.tokDigits = 0;
  }
  if (len === 1) {
    if (++st.singles === 4) st.spacedStarts.push(st.tokStart);
  } else {
    st.singles = 0;
  }
  if (len === 2 && IS_HEX[st.out[st.tokStart]!] === 1 && IS_HEX[st.out[st.tokStart + 1]!] === 1) {
    if (++st.hexPairs === 8) st.hints |= H_HEX_PAIRS;
  } else {
    st.hexPairs = 0;
    if (len === 3 || len === 6) st.rot13Hints += rot13Hint(st.out, st.tokStart, len);
  }
  if (st.wordForeign > 0 || st.pendStart >= 0) finalizeWord(st, i);
}

/** An invisible character was dropped at source `i`: remember it if it follows a letter. */
export function markSplit(st: CoreState, i: number): void {
  if (st.splitAt >= 0) resolveSplit(st);
  if (st.splitAt < 0 && st.o > 0 && isAsciiLetter(st.out[st.o - 1]!)) {
    st.splitAt = st.o;
    st.splitIn = i;
  }
}

/** Once something follows a remembered invisible: a letter means it split a word. */
export function resolveSplit(st: CoreState): void {
  if (st.o <= st.splitAt) return;
  if (isAsciiLetter(st.out[st.splitAt]!)) st.splits.add(st.splitIn, st.splitIn + 1);
  st.splitAt = -1;
}

export function isAsciiLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}
