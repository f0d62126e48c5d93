import type { TextView } from '../types';
import { type OffsetMap, mapThrough } from './offset-map';
import { JOINED_HINT } from './patterns';
import { stringFromCodes } from './text-utils';

/*
 * The joined reading: words chained by one joiner character instead of spaces
 * ("ignore-all-previous-instructions", "ignore_all_previous_instructions",
 * "IGNORE.ALL.PREVIOUS.INSTRUCTIONS", "ignore+all+previous+instructions") read with spaces, so that
 * the phrase rules, which match words separated by spaces, see the phrase. Identifiers, slugs and
 * host names produce such chains too; they are read the same way and match nothing.
 *
 * The view holds only the lines around each chain (at most CONTEXT characters each side, so that
 * the rules' context checks — a quoted mention, security talk — still see the sentence), each
 * piece aligned one for one with the normalised text. Cost: one regex test on texts without a
 * chain; a single pass from the first candidate otherwise.
 */

/** Words a chain needs, each of two letters or more: "e.g." and "a-b" are not chains. */
const MIN_WORDS = 3;
/** Characters of the chain's line kept on each side of it. */
const CONTEXT = 120;

const isLetter = (c: number) => c >= 97 && c <= 122;
const isWordUnit = (c: number) => isLetter(c) || (c >= 48 && c <= 57);
// Not '/': a path ("docs/ignore/rules") is a common, honest chain of words.
const isJoiner = (c: number) => c === 45 || c === 95 || c === 46 || c === 43; // - _ . +

/** A piece of the view: view offset, normalised offset, length. */
type Piece = readonly [at: number, from: number, length: number];

export function joinedWordsView(text: string, map: OffsetMap): TextView | undefined {
  JOINED_HINT.lastIndex = 0;
  const first = JOINED_HINT.exec(text);
  if (first === null) return undefined;
  // The hint matches from the last letter of the first word: back to that word's start.
  let from = first.index;
  while (from > 0 && isLetter(text.charCodeAt(from - 1))) from--;
  const chains = findChains(text, from);
  if (chains.length === 0) return undefined;
  const parts: string[] = [];
  const pieces: Piece[] = [];
  let length = 0;
  let c = 0;
  let previousTo = 0;
  while (c < chains.length) {
    // One window per group of chains whose context overlaps, cut at line breaks; windows never
    // overlap, so the view is never longer than the text plus one separator per window.
    const start = Math.max(previousTo, lineStartNear(text, chains[c]!));
    let to = lineEndNear(text, chains[c + 1]!);
    let end = c;
    while (end + 2 < chains.length && chains[end + 2]! <= to) {
      end += 2;
      to = lineEndNear(text, chains[end + 1]!);
    }
    const units: number[] = [];
    for (let p = start; p < to; p++) units.push(text.charCodeAt(p));
    for (let k = c; k <= end; k += 2) {
      for (let p = chains[k]!; p < chains[k + 1]!; p++) if (isJoiner(units[p - start]!)) units[p - start] = 32;
    }
    if (length > 0) {
      parts.push('\n');
      length++;
    }
    pieces.push([length, start, to - start]);
    parts.push(stringFromCodes(units));
    length += to - start;
    previousTo = to;
    c = end + 2;
  }
  const view = parts.join('');
  return {
    kind: 'joined',
    text: view,
    mapSpan(start, end) {
      const s = toNormalized(pieces, start);
      return mapThrough(map, text.length, s, Math.max(s, toNormalized(pieces, end)));
    },
  };
}

/** Flattened [start, end) of every chain from `from` on; one pass, each unit read once. */
function findChains(text: string, from: number): number[] {
  const chains: number[] = [];
  const n = text.length;
  let i = from;
  while (i < n) {
    if (!isLetter(text.charCodeAt(i)) || (i > 0 && isWordUnit(text.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    let joiner = -1;
    let words = 0;
    let p = i;
    let end = i;
    for (;;) {
      let q = p;
      while (q < n && isLetter(text.charCodeAt(q))) q++;
      if (q - p >= 2) words++;
      end = q;
      const j = text.charCodeAt(q);
      if (q + 1 < n && isJoiner(j) && (joiner === -1 || j === joiner) && isLetter(text.charCodeAt(q + 1))) {
        joiner = j;
        p = q + 1;
        continue;
      }
      break;
    }
    if (words >= MIN_WORDS) chains.push(i, end);
    i = end + 1;
  }
  return chains;
}

/** Where the window before a chain at `at` starts: CONTEXT back, or just after a line break. */
function lineStartNear(text: string, at: number): number {
  const floor = Math.max(0, at - CONTEXT);
  let p = at;
  while (p > floor && text.charCodeAt(p - 1) !== 10) p--;
  return p;
}

/** Where the window after a chain ending at `at` ends: CONTEXT on, or at a line break. */
function lineEndNear(text: string, at: number): number {
  const ceiling = Math.min(text.length, at + CONTEXT);
  let p = at;
  while (p < ceiling && text.charCodeAt(p) !== 10) p++;
  return p;
}

/** A view offset to a normalised one; the '\n' between pieces maps to the end of the piece before it. */
function toNormalized(pieces: readonly Piece[], p: number): number {
  let k = 0;
  while (k + 1 < pieces.length && pieces[k + 1]![0] <= p) k++;
  const [at, from, length] = pieces[k]!;
  return from + Math.min(Math.max(p - at, 0), length);
}
