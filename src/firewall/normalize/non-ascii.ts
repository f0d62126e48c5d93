import {
  A_DIGIT,
  A_LETTER,
  A_NEWLINE,
  A_SPACE,
  ASCII_CLASS,
  ASTRAL_FOLD,
  BMP_FOLD,
  BMP_KIND,
  K_ASCII,
  K_BIDI_EMBED,
  K_BIDI_MARK,
  K_BIDI_OVERRIDE,
  K_BOM,
  K_COMBINING,
  K_JOINER,
  K_MULTI,
  K_NEWLINE,
  K_OTHER,
  K_SOFT_HYPHEN,
  K_SPACE,
  K_SURROGATE,
  K_VARIATION,
  K_WORD,
  K_ZERO_WIDTH,
  MULTI_FOLD,
  isAstralInvisible,
  isAstralSymbol,
} from './char-tables';
import { isForeignScript } from './confusables';
import { emitNewline, emitSpace, endBase64Run, isAsciiLetter, markSplit, wordBoundary } from './core-emit';
import type { CoreState } from './core-state';
import { closeRlo, tagCharacter, variationSelector } from './hidden-runs';

/**
 * One non-ASCII character at source index i (a surrogate pair counts as one): NFKC and lower-case
 * from the tables, invisible characters dropped and counted. Returns the last index consumed.
 */
export function nonAscii(st: CoreState, i: number, c: number): number {
  endBase64Run(st, i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = st.source.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) {
      astral(st, i, ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000, c, d);
      return i + 1;
    }
  }
  const kind = BMP_KIND[c]!;
  if (kind === K_WORD) {
    const f = BMP_FOLD[c]!;
    st.out[st.o++] = f;
    if (isForeignScript(f)) st.wordForeign++;
    return i;
  }
  switch (kind) {
    case K_OTHER:
      symbol(st, i, BMP_FOLD[c]!, -1);
      break;
    case K_ASCII:
      foldedAscii(st, i, BMP_FOLD[c]!);
      break;
    case K_MULTI:
      expansion(st, i, i + 1, MULTI_FOLD.get(c) ?? String.fromCharCode(c));
      break;
    case K_SPACE:
    case K_NEWLINE:
      wordBoundary(st, i);
      if (kind === K_SPACE) emitSpace(st, i);
      else emitNewline(st, i);
      st.tokStart = st.o;
      break;
    case K_COMBINING:
      combining(st, i, c);
      break;
    default:
      invisible(st, i, c, kind);
  }
  return i;
}


/** Dropped characters: counted by kind, remembered when they follow a letter (a split word?). */
function invisible(st: CoreState, i: number, c: number, kind: number): void {
  switch (kind) {
    case K_ZERO_WIDTH:
      st.zeroWidth.add(i, i + 1);
      markSplit(st, i);
      break;
    case K_JOINER:
    case K_BIDI_MARK:
      markSplit(st, i);
      break;
    case K_BOM:
      // Mid-text byte-order marks come with copied web text (coordinates, tables): suspicious only inside a word.
      markSplit(st, i);
      break;
    case K_BIDI_EMBED:
      if (c === 0x202c || c === 0x2069) {
        // A terminator (PDF, PDI): counted with what it terminates.
        if (st.rloStart >= 0) closeRlo(st, i, i + 1);
      } else {
        st.zeroWidth.add(i, i + 1);
        markSplit(st, i);
      }
      break;
    case K_BIDI_OVERRIDE:
      st.bidiOverrides.add(i, i + 1);
      if (c === 0x202e && st.rloStart < 0) st.rloStart = i;
      break;
    case K_SOFT_HYPHEN:
      st.softHyphens.add(i, i + 1);
      break;
    case K_VARIATION:
      variationSelector(st, i, c - 0xfe00, 1);
      return;
    case K_SURROGATE:
      symbol(st, i, c, -1);
      return;
    default:
    // C1 controls: dropped without a signal, like C0 controls.
  }
  st.map.expect(st.o, i + 1);
}

function astral(st: CoreState, i: number, cp: number, high: number, low: number): void {
  if (cp >= 0xe0000 && cp <= 0xe007f) {
    tagCharacter(st, i, cp);
  } else if (cp >= 0xe0100 && cp <= 0xe01ef) {
    variationSelector(st, i, cp - 0xe0100 + 16, 2);
  } else if (isAstralInvisible(cp)) {
    st.zeroWidth.add(i, i + 2);
    markSplit(st, i);
    st.map.expect(st.o, i + 2);
  } else {
    const folded = ASTRAL_FOLD.get(cp);
    if (folded !== undefined) expansion(st, i, i + 2, folded);
    else if (isAstralSymbol(cp)) symbol(st, i, high, low);
    else {
      st.out[st.o++] = high;
      st.out[st.o++] = low;
    }
  }
}

/** Punctuation, symbols, emoji: a word boundary, emitted as they are (one or two units). */
function symbol(st: CoreState, i: number, unit: number, low: number): void {
  wordBoundary(st, i);
  st.out[st.o++] = unit;
  if (low >= 0) st.out[st.o++] = low;
  st.tokStart = st.o;
}

/** A character whose fold is one ASCII character (full-width forms, small capitals): as that character. */
function foldedAscii(st: CoreState, i: number, f: number): void {
  const k = ASCII_CLASS[f]!;
  if (k === A_LETTER || k === A_DIGIT) {
    st.out[st.o++] = f;
    if (k === A_DIGIT) st.tokDigits++;
    return;
  }
  wordBoundary(st, i);
  if (k === A_SPACE) emitSpace(st, i);
  else if (k === A_NEWLINE) emitNewline(st, i);
  else st.out[st.o++] = f;
  st.tokStart = st.o;
}

/**
 * A character whose fold is several units, or a surrogate pair folded to one or more: every unit
 * maps to the whole original character.
 */
function expansion(st: CoreState, start: number, end: number, folded: string): void {
  st.reserve(folded.length, end);
  st.map.fixed(st.o, start, end);
  for (let k = 0; k < folded.length; k++) {
    const f = folded.charCodeAt(k);
    const cls = f < 128 ? ASCII_CLASS[f]! : 0;
    if (cls === A_LETTER || cls === A_DIGIT) {
      st.out[st.o++] = f;
      if (cls === A_DIGIT) st.tokDigits++;
    } else if (f >= 128 && BMP_KIND[f] === K_WORD) {
      st.out[st.o++] = f;
      if (isForeignScript(f)) st.wordForeign++;
    } else if (f >= 128 && BMP_KIND[f] === K_COMBINING) {
      if (!isAsciiLetter(st.out[st.o - 1] ?? 0)) st.out[st.o++] = f;
    } else {
      wordBoundary(st, start);
      const prev = st.o === 0 ? 10 : st.out[st.o - 1];
      if (f !== 32 || (prev !== 32 && prev !== 10)) st.out[st.o++] = f;
      st.tokStart = st.o;
    }
  }
  st.map.expect(st.o, end);
}

/**
 * A combining mark after an ASCII letter is composed with it when Unicode has the precomposed
 * letter ("e" + acute → "é"), and dropped otherwise: stacked marks (Zalgo text) must not split a
 * word. After anything else it stays.
 */
function combining(st: CoreState, i: number, c: number): void {
  const prev = st.o > 0 ? st.out[st.o - 1]! : 0;
  if (!isAsciiLetter(prev)) {
    st.out[st.o++] = BMP_FOLD[c]!;
    return;
  }
  const key = prev * 65536 + c;
  st.composed ??= new Map();
  let composed = st.composed.get(key);
  if (composed === undefined) {
    const nfc = String.fromCharCode(prev, c).normalize('NFC');
    composed = nfc.length === 1 ? nfc.charCodeAt(0) : 0;
    st.composed.set(key, composed);
  }
  if (composed !== 0) st.out[st.o - 1] = composed;
  st.map.expect(st.o, i + 1);
}
