/*
 * Character tables for the normaliser, computed once at module load (about 5 ms) so that the
 * per-character work is a typed-array lookup. ASCII has its own small table: it is the hot path.
 */

/** ASCII classes: what the main loop does with a code unit below 128. Classes 3–6 have a fast path. */
export const A_LETTER = 1;
export const A_DIGIT = 2;
export const A_SPACE = 3;
export const A_NEWLINE = 4;
/** `+ / - _`: part of a base64 run, but a word boundary. */
export const A_B64_PUNCT = 5;
/** Punctuation that means nothing to the later passes (not % \\ & < @ $ |). */
export const A_PLAIN_PUNCT = 6;
export const A_CR = 7;
/** Punctuation the later passes care about: % \\ & < @ $ |. */
export const A_PUNCT = 8;
/** C0 controls and DEL: dropped. */
export const A_CONTROL = 9;

export const ASCII_CLASS: Uint8Array = (() => {
  const t = new Uint8Array(128).fill(A_PUNCT);
  for (let c = 0; c < 32; c++) t[c] = A_CONTROL;
  t[127] = A_CONTROL;
  for (const c of [9, 11, 12, 32]) t[c] = A_SPACE;
  t[10] = A_NEWLINE;
  t[13] = A_CR;
  for (let c = 48; c <= 57; c++) t[c] = A_DIGIT;
  for (let c = 65; c <= 90; c++) t[c] = A_LETTER;
  for (let c = 97; c <= 122; c++) t[c] = A_LETTER;
  for (const c of '+/-_') t[c.charCodeAt(0)] = A_B64_PUNCT;
  for (const c of '.,;:!?\'"()[]{}*#=^`~>') t[c.charCodeAt(0)] = A_PLAIN_PUNCT;
  return t;
})();

/** 1 for a lower-case hex digit; indexed by any code unit (the main loop reads output it has not written yet). */
export const IS_HEX: Uint8Array = (() => {
  const t = new Uint8Array(65536);
  for (const c of '0123456789abcdef') t[c.charCodeAt(0)] = 1;
  return t;
})();

/** BMP kinds: what the main loop does with a non-ASCII code unit. */
export const K_WORD = 0; // emit FOLD[c], a letter-like character
export const K_OTHER = 1; // emit FOLD[c], punctuation or symbol: a word boundary
export const K_ASCII = 2; // FOLD[c] is ASCII (full-width forms, small capitals, …)
export const K_MULTI = 3; // NFKC gives several characters: MULTI_FOLD
export const K_SPACE = 4;
export const K_NEWLINE = 5;
export const K_ZERO_WIDTH = 6; // zero-width space, word joiner, fillers: never needed in a prompt
export const K_JOINER = 7; // ZWJ / ZWNJ: legitimate in emoji and in Indic and Arabic-script text
export const K_BIDI_MARK = 8; // LRM / RLM / ALM: legitimate in right-to-left text
export const K_BIDI_EMBED = 9; // embeddings, isolates, and their terminators
export const K_BIDI_OVERRIDE = 10; // LRO / RLO: display order differs from the text order
export const K_SOFT_HYPHEN = 11;
export const K_VARIATION = 12; // variation selectors FE00–FE0F
export const K_BOM = 13;
export const K_COMBINING = 14; // combining diacritics (Zalgo text is made of them)
export const K_SURROGATE = 15;
export const K_CONTROL = 16; // C1 controls: dropped silently

export const BMP_KIND = new Uint8Array(65536);
/** Single-unit NFKC + lower-case fold of each BMP code unit (itself when unchanged). */
export const BMP_FOLD = new Uint16Array(65536);
/** Folds longer than one code unit. */
export const MULTI_FOLD = new Map<number, string>();
/** Astral code points whose fold differs from themselves (mathematical alphanumerics, enclosed letters, …). */
export const ASTRAL_FOLD = new Map<number, string>();

/** Punctuation and symbol blocks: not part of a word (approximation of \p{L}\p{M}\p{N}, cheap to build). */
function isNonWord(c: number): boolean {
  return (
    (c >= 0x80 && c <= 0xbf) ||
    c === 0xd7 ||
    c === 0xf7 ||
    (c >= 0x02c2 && c <= 0x02c5) ||
    (c >= 0x2000 && c <= 0x2bff) ||
    (c >= 0x2e00 && c <= 0x2e7f) ||
    (c >= 0x3000 && c <= 0x303f) ||
    (c >= 0xfe10 && c <= 0xfe1f) ||
    (c >= 0xfe30 && c <= 0xfe6f) ||
    (c >= 0xff00 && c <= 0xff0f) ||
    (c >= 0xfff0 && c <= 0xffff) ||
    (c >= 0xe000 && c <= 0xf8ff)
  );
}

function foldOf(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

/**
 * Longest fold kept when it is not plain ASCII: U+FDFA is eighteen Arabic letters, and a text of
 * them would grow eighteen times for the detectors to scan, for nothing they could match.
 */
const MAX_FOREIGN_EXPANSION = 4;

function isLongForeign(folded: string): boolean {
  return folded.length > MAX_FOREIGN_EXPANSION && [...folded].some((ch) => ch.charCodeAt(0) > 0x7e);
}

function setFold(cp: number, folded: string): void {
  if (isLongForeign(folded)) return;
  if (folded.length === 1) {
    const f = folded.charCodeAt(0);
    BMP_FOLD[cp] = f;
    BMP_KIND[cp] = f < 128 ? K_ASCII : isNonWord(f) ? K_OTHER : K_WORD;
  } else {
    BMP_KIND[cp] = K_MULTI;
    MULTI_FOLD.set(cp, folded);
  }
}

/** Calls `visit` for each code point in [from, to) whose fold is not itself, testing 64 at a time. */
function forEachChanged(from: number, to: number, visit: (cp: number, folded: string) => void): void {
  const GROUP = 64;
  for (let base = from; base < to; base += GROUP) {
    if (base >= 0xd800 && base < 0xe000) continue;
    const end = Math.min(base + GROUP, to);
    let chunk = '';
    for (let cp = base; cp < end; cp++) chunk += String.fromCodePoint(cp);
    if (foldOf(chunk) === chunk) continue;
    for (let cp = base; cp < end; cp++) {
      const s = String.fromCodePoint(cp);
      const folded = foldOf(s);
      if (folded !== s) visit(cp, folded);
    }
  }
}

function setRange(from: number, to: number, kind: number): void {
  for (let c = from; c <= to; c++) BMP_KIND[c] = kind;
}

/**
 * Latin look-alikes that are Latin script themselves (small capitals, IPA letters): folded
 * everywhere, like full-width letters, since no other language's words are made of them.
 */
const LATIN_LOOKALIKES: Readonly<Record<string, string>> = {
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm',
  ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z', ɑ: 'a', ɡ: 'g',
  ɩ: 'i', ʋ: 'v', ı: 'i',
};

(function buildBmpTables(): void {
  for (let c = 0x80; c < 65536; c++) {
    BMP_FOLD[c] = c;
    BMP_KIND[c] = isNonWord(c) ? K_OTHER : K_WORD;
  }
  forEachChanged(0x80, 0x10000, (cp, folded) => setFold(cp, folded));
  // Fold results that are whitespace become spaces (NBSP, en space, ideographic space, …).
  for (let c = 0x80; c < 65536; c++) if (BMP_KIND[c] === K_ASCII && BMP_FOLD[c] === 0x20) BMP_KIND[c] = K_SPACE;
  setRange(0x80, 0x9f, K_CONTROL);
  setRange(0xd800, 0xdfff, K_SURROGATE);
  for (const c of [0xa0, 0x1680, 0x202f, 0x205f, 0x3000]) BMP_KIND[c] = K_SPACE;
  setRange(0x2000, 0x200a, K_SPACE);
  for (const c of [0x85, 0x2028, 0x2029]) BMP_KIND[c] = K_NEWLINE;
  for (const [from, to] of [[0x300, 0x36f], [0x483, 0x489], [0x1ab0, 0x1aff], [0x1dc0, 0x1dff], [0x20d0, 0x20ff], [0xfe20, 0xfe2f]] as const) {
    setRange(from, to, K_COMBINING);
  }
  for (const c of [0x34f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x200b, 0x3164, 0xffa0]) BMP_KIND[c] = K_ZERO_WIDTH;
  setRange(0x180b, 0x180f, K_ZERO_WIDTH);
  setRange(0x2060, 0x2065, K_ZERO_WIDTH);
  setRange(0x206a, 0x206f, K_ZERO_WIDTH);
  setRange(0xfff9, 0xfffb, K_ZERO_WIDTH);
  BMP_KIND[0x200c] = K_JOINER;
  BMP_KIND[0x200d] = K_JOINER;
  for (const c of [0x200e, 0x200f, 0x61c]) BMP_KIND[c] = K_BIDI_MARK;
  for (const c of [0x202a, 0x202b, 0x202c, 0x2066, 0x2067, 0x2068, 0x2069]) BMP_KIND[c] = K_BIDI_EMBED;
  BMP_KIND[0x202d] = K_BIDI_OVERRIDE;
  BMP_KIND[0x202e] = K_BIDI_OVERRIDE;
  BMP_KIND[0xad] = K_SOFT_HYPHEN;
  setRange(0xfe00, 0xfe0f, K_VARIATION);
  BMP_KIND[0xfeff] = K_BOM;
  // Dotted capital I folds to "i" + combining dot, which would split "İGNORE".
  setFold(0x130, 'i');
  // Parenthesised letters: the letter alone, so that "⒤⒢⒩⒪⒭⒠" reads as a word.
  for (let c = 0x249c; c <= 0x24b5; c++) setFold(c, String.fromCharCode(97 + c - 0x249c));
  for (const [ch, ascii] of Object.entries(LATIN_LOOKALIKES)) setFold(ch.charCodeAt(0), ascii);
})();

(function buildAstralTables(): void {
  const set = (cp: number, folded: string) => {
    if (!isLongForeign(folded)) ASTRAL_FOLD.set(cp, folded);
  };
  forEachChanged(0x10000, 0x20000, set);
  forEachChanged(0x2f800, 0x2fa20, set);
  const letter = (i: number) => String.fromCharCode(97 + i);
  // Parenthesised, negative circled, negative squared letters and regional indicators: letters.
  for (let i = 0; i < 26; i++) {
    ASTRAL_FOLD.set(0x1f110 + i, letter(i));
    ASTRAL_FOLD.set(0x1f150 + i, letter(i));
    ASTRAL_FOLD.set(0x1f170 + i, letter(i));
    ASTRAL_FOLD.set(0x1f1e6 + i, letter(i));
  }
})();

/** Astral code points dropped as invisible: musical formatting controls, shorthand format controls. */
export function isAstralInvisible(cp: number): boolean {
  return (cp >= 0x1d173 && cp <= 0x1d17a) || (cp >= 0x1bca0 && cp <= 0x1bca3);
}

/** Emoji and pictographs: not part of a word. */
export function isAstralSymbol(cp: number): boolean {
  return cp >= 0x1f000 && cp <= 0x1faff;
}
