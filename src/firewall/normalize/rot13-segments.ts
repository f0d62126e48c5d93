import { rot13 } from './decoders';

/*
 * ROT13 is found by its words: a stretch of text whose ROT13 is full of common English words,
 * while the text itself is not, was written in ROT13. The main pass counts words that are the
 * ROT13 of a few very common ones (rot13Hint); only a text with one is searched.
 */

const COMMON_WORDS = new Set(
  (
    'the and you your this that with all for are now not but can will any from have what when how who then than into out ' +
    'its our their them they she his her was were been be is it in on of to as at by or an if so do no me my we us ' +
    'ignore previous prior instructions instruction system prompt rules rule secret password forget reveal disregard ' +
    'above below everything tell print show must should please answer write say give act pretend developer mode'
  ).split(' '),
);

/** Minimum excess of ROT13 hits over plain hits for a stretch to count. */
const MIN_SCORE = 2;

/**
 * Words whose ROT13 is a very common English word, as the main pass sees them: three-letter ones
 * (gur naq lbh nyy sbe ner abj abg = the and you all for are now not) and six-letter ones
 * (vtaber flfgrz cebzcg frperg sbetrg erirny = ignore system prompt secret forget reveal). Letters
 * are packed five bits each; a text without any of these words is not searched for ROT13 at all.
 */
const HINT_LIST = ['gur', 'naq', 'lbh', 'nyy', 'sbe', 'ner', 'abj', 'abg', 'vtaber', 'flfgrz', 'cebzcg', 'frperg', 'sbetrg', 'erirny'];
const HINT_WORDS = new Set(HINT_LIST.map(packWord));
/**
 * By the packed key of a word's first three letters: 1 when that is a three-letter hint word, 2
 * when a six-letter hint word starts so. Most words are rejected by this one lookup.
 */
const HINT_PREFIXES: Uint8Array = (() => {
  const t = new Uint8Array(1 << 15);
  for (const word of HINT_LIST) t[packWord(word.slice(0, 3))]! |= word.length === 3 ? 1 : 2;
  return t;
})();

function packWord(word: string): number {
  let key = 0;
  for (let k = 0; k < word.length; k++) key = key * 32 + (word.charCodeAt(k) - 96);
  return key;
}

/** 1 when out[start, start + len) (a 3- or 6-letter word) is the ROT13 of a very common word, else 0. */
export function rot13Hint(out: Uint16Array, start: number, len: number): number {
  if (len !== 3 && len !== 6) return 0;
  let key = 0;
  for (let k = 0; k < 3; k++) {
    const c = out[start + k]! - 96;
    if (c < 1 || c > 26) return 0;
    key = key * 32 + c;
  }
  const prefix = HINT_PREFIXES[key]!;
  if (len === 3) return prefix & 1;
  if ((prefix & 2) === 0) return 0;
  for (let k = 3; k < 6; k++) {
    const c = out[start + k]! - 96;
    if (c < 1 || c > 26) return 0;
    key = key * 32 + c;
  }
  return HINT_WORDS.has(key) ? 1 : 0;
}

/**
 * [start, end) pairs in `text` (lower-case) of stretches that read as ROT13, at most one per line:
 * the best-scoring run of words (+1 when the word's ROT13 is common, −1 when the word itself is),
 * widened over the words around it that are neither (names, rarer words of the same message).
 */
export function findRot13Segments(text: string): number[] {
  const segments: number[] = [];
  // Words of the current line: start, end, score.
  let words: number[] = [];
  let p = 0;
  while (p <= text.length) {
    const c = p < text.length ? text.charCodeAt(p) : 10;
    if (c === 10) {
      bestSegment(words, segments);
      words = [];
      p++;
      continue;
    }
    if (c < 97 || c > 122) {
      p++;
      continue;
    }
    let end = p + 1;
    while (end < text.length && text.charCodeAt(end) >= 97 && text.charCodeAt(end) <= 122) end++;
    const word = text.slice(p, end);
    words.push(p, end, COMMON_WORDS.has(word) ? -1 : COMMON_WORDS.has(rot13(word)) ? 1 : 0);
    p = end;
  }
  return segments;
}

/** Kadane's best run of words on one line, widened over neutral neighbours; pushed when it scores enough. */
function bestSegment(words: readonly number[], segments: number[]): void {
  let best = 0;
  let bestFrom = -1;
  let bestTo = -1;
  let sum = 0;
  let from = -1;
  for (let k = 0; k < words.length; k += 3) {
    const score = words[k + 2]!;
    if (sum + score <= 0) {
      sum = 0;
      from = -1;
      continue;
    }
    if (from < 0) from = k;
    sum += score;
    if (sum > best) [best, bestFrom, bestTo] = [sum, from, k];
  }
  if (best < MIN_SCORE) return;
  while (bestFrom > 0 && words[bestFrom - 1]! === 0) bestFrom -= 3;
  while (bestTo + 3 < words.length && words[bestTo + 5]! === 0) bestTo += 3;
  segments.push(words[bestFrom]!, words[bestTo + 1]!);
}
