import {
  LATIN_TO_CYRILLIC_TABLE,
  LATIN_TO_GREEK_TABLE,
  SCRIPT_GREEK,
  SCRIPT_LATIN,
  WEAK_LOOKALIKE,
  confusableToLatin,
  isForeignScript,
  scriptOf,
} from './confusables';
import type { CoreState } from './core-state';

/*
 * Homoglyphs are decided per word, when the word ends, by what else the word contains:
 * - Latin letters and look-alikes only, the Latin-looking ones in the majority ("pаypаl" with
 *   Cyrillic а, "ЅYЅТЕМ"): the look-alikes become Latin.
 * - Latin letters inside a word of another script ("Hет", "Пpивет"): they become that script's
 *   letters, so that the multilingual detectors read the word their language spells.
 * - Clear look-alikes only ("рор"): Latin when the word before or after is Latin, else left alone.
 * A Russian or Greek sentence is never transliterated: its words have letters without a Latin
 * twin or are mostly weak look-alikes (в, к, н, т, … resemble only upper-case Latin letters).
 * Folding rewrites the output in place, one unit for one: the offset map is unaffected.
 */

interface WordCounts {
  latin: number;
  strong: number;
  weak: number;
  /** Greek, Cyrillic or Armenian letters without a Latin look-alike. */
  foreign: number;
  greek: number;
}

/** The word at output [st.tokStart, st.o) ended before source index `endIn`. */
export function finalizeWord(st: CoreState, endIn: number): void {
  const start = st.tokStart;
  const end = st.o;
  const hadForeign = st.wordForeign > 0;
  st.wordForeign = 0;
  const pending = st.pendStart >= 0;
  if (!hadForeign) {
    if (pending && hasLatinLetter(st.out, start, end)) foldPending(st);
    st.pendStart = -1;
    return;
  }
  const startIn = st.map.startOf(start);
  const counts = countScripts(st.out, start, end);
  const lookalikes = counts.strong + counts.weak;
  if (counts.latin > 0 && counts.foreign === 0 && lookalikes > 0 && counts.weak < counts.latin + counts.strong) {
    foldToLatin(st.out, start, end);
    st.homoglyphWords.add(startIn, endIn);
    if (pending) foldPending(st);
    st.pendStart = -1;
  } else if (counts.latin > 0 && counts.latin < counts.foreign + lookalikes) {
    if (foldFromLatin(st.out, start, end, counts.greek * 2 > counts.foreign + lookalikes ? LATIN_TO_GREEK_TABLE : LATIN_TO_CYRILLIC_TABLE)) {
      st.homoglyphWords.add(startIn, endIn);
    }
    st.pendStart = -1;
  } else if (counts.foreign === 0 && counts.strong >= 2 && counts.strong > counts.weak) {
    if (previousWordIsLatin(st.out, start)) {
      foldToLatin(st.out, start, end);
      st.homoglyphWords.add(startIn, endIn);
      st.pendStart = -1;
    } else {
      st.pendStart = start;
      st.pendEnd = end;
      st.pendInStart = startIn;
      st.pendInEnd = endIn;
    }
  } else {
    st.pendStart = -1;
  }
}

/** Units and constants ("µs", "kΩ", "2πr"): Greek letters that are not words of Greek. */
const MU = 0x3bc;
const OMEGA = 0x3c9;
const PI = 0x3c0;

function countScripts(out: Uint16Array, start: number, end: number): WordCounts {
  const counts: WordCounts = { latin: 0, strong: 0, weak: 0, foreign: 0, greek: 0 };
  for (let p = start; p < end; p++) {
    const c = out[p]!;
    if (c === MU || c === OMEGA || c === PI) continue;
    const script = scriptOf(c);
    if (script === SCRIPT_LATIN) counts.latin++;
    else if (isForeignScript(c)) {
      if (script === SCRIPT_GREEK) counts.greek++;
      const latin = confusableToLatin(c);
      if (latin === 0) counts.foreign++;
      else if ((latin & WEAK_LOOKALIKE) !== 0) counts.weak++;
      else counts.strong++;
    }
  }
  return counts;
}

function foldToLatin(out: Uint16Array, start: number, end: number): void {
  for (let p = start; p < end; p++) {
    const latin = confusableToLatin(out[p]!);
    if (latin !== 0) out[p] = latin & 0x7f;
  }
}

/** Latin letters with a look-alike in the word's own script become that letter; true when any did. */
function foldFromLatin(out: Uint16Array, start: number, end: number, table: Uint16Array): boolean {
  let folded = false;
  for (let p = start; p < end; p++) {
    const c = out[p]!;
    const target = c < 128 ? table[c]! : 0;
    if (target !== 0) {
      out[p] = target;
      folded = true;
    }
  }
  return folded;
}

function foldPending(st: CoreState): void {
  foldToLatin(st.out, st.pendStart, st.pendEnd);
  st.homoglyphWords.add(st.pendInStart, st.pendInEnd);
}

function hasLatinLetter(out: Uint16Array, start: number, end: number): boolean {
  for (let p = start; p < end; p++) if (scriptOf(out[p]!) === SCRIPT_LATIN) return true;
  return false;
}

/** The word before `start` (past a space or a little punctuation on the same line) ends in a Latin letter. */
function previousWordIsLatin(out: Uint16Array, start: number): boolean {
  for (let p = start - 1; p >= 0 && p >= start - 4; p--) {
    const c = out[p]!;
    if (c === 10) return false;
    if (scriptOf(c) === SCRIPT_LATIN) return true;
    if (c >= 128 || (c >= 48 && c <= 57)) return false;
  }
  return false;
}
