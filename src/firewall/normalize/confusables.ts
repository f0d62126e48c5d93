/*
 * Cross-script look-alikes (Cyrillic, Greek, Armenian letters that render like Latin ones). They
 * are folded only inside words that are Latin otherwise (see homoglyph-words.ts): genuine Russian
 * or Greek text must reach the multilingual detectors unchanged. Keys are already lower-cased, so
 * an upper-case look-alike (Cyrillic В, Н, М, Т) is listed by its lower-case form.
 *
 * Left out on purpose: μ and ω (NFKC makes the micro and ohm signs Greek: "µs", "kΩ" are units,
 * not attacks).
 */

/** First code point of the table: Greek and Coptic. */
export const CONFUSABLE_BASE = 0x370;
/** Past the last code point of the table: end of Armenian. */
export const CONFUSABLE_END = 0x590;

/** Glyphs a reader cannot tell from the Latin letter in most fonts. */
const STRONG: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a', е: 'e', ё: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q',
  ԝ: 'w', һ: 'h', ӏ: 'l', ѵ: 'v',
  // Greek
  α: 'a', ι: 'i', ν: 'v', ο: 'o', ρ: 'p', υ: 'u', χ: 'x', ϲ: 'c', ϳ: 'j',
  // Armenian
  օ: 'o', ս: 'u', հ: 'h', ո: 'n', ց: 'g', զ: 'q',
};

/**
 * Look-alikes of upper-case Latin letters (Cyrillic В Н М Т К, lower-cased here) or rough ones
 * (п, и, ь): common in Russian words, so they alone never make a word Latin.
 */
const WEAK: Readonly<Record<string, string>> = {
  в: 'b', и: 'u', к: 'k', м: 'm', н: 'h', п: 'n', т: 't', ь: 'b', ү: 'y',
  β: 'b', γ: 'y', ε: 'e', ζ: 'z', η: 'n', κ: 'k', τ: 't',
};

/** Set on a table entry for a weak look-alike. */
export const WEAK_LOOKALIKE = 0x100;

/** Latin letters written into a Cyrillic or Greek word, back to that script ("Hет" → "нет"). */
const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = { a: 'а', b: 'в', c: 'с', e: 'е', h: 'н', k: 'к', m: 'м', o: 'о', p: 'р', t: 'т', x: 'х', y: 'у' };
const LATIN_TO_GREEK: Readonly<Record<string, string>> = { a: 'α', b: 'β', e: 'ε', h: 'η', i: 'ι', k: 'κ', o: 'ο', p: 'ρ', t: 'τ', u: 'υ', v: 'ν', x: 'χ' };

function tableOf(entries: Readonly<Record<string, string>>, size: number, offset: number): Uint16Array {
  const table = new Uint16Array(size);
  for (const [from, to] of Object.entries(entries)) table[from.charCodeAt(0) - offset] = to.charCodeAt(0);
  return table;
}

/** Folded code − CONFUSABLE_BASE → Latin code (| WEAK_LOOKALIKE for a weak one), or 0. */
export const CONFUSABLE_TO_LATIN = (() => {
  const table = tableOf(STRONG, CONFUSABLE_END - CONFUSABLE_BASE, CONFUSABLE_BASE);
  for (const [from, to] of Object.entries(WEAK)) table[from.charCodeAt(0) - CONFUSABLE_BASE] = to.charCodeAt(0) | WEAK_LOOKALIKE;
  return table;
})();
/** ASCII code → Cyrillic / Greek look-alike, or 0. */
export const LATIN_TO_CYRILLIC_TABLE = tableOf(LATIN_TO_CYRILLIC, 128, 0);
export const LATIN_TO_GREEK_TABLE = tableOf(LATIN_TO_GREEK, 128, 0);

/** Scripts the homoglyph folding tells apart. */
export const SCRIPT_OTHER = 0;
export const SCRIPT_LATIN = 1;
export const SCRIPT_GREEK = 2;
export const SCRIPT_CYRILLIC = 3;
export const SCRIPT_ARMENIAN = 4;

export function scriptOf(c: number): number {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? SCRIPT_LATIN : SCRIPT_OTHER;
  if ((c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff)) return SCRIPT_LATIN;
  if ((c >= 0x370 && c <= 0x3ff) || (c >= 0x1f00 && c <= 0x1fff)) return SCRIPT_GREEK;
  if (c >= 0x400 && c <= 0x52f) return SCRIPT_CYRILLIC;
  if (c >= 0x530 && c <= 0x58f) return SCRIPT_ARMENIAN;
  return SCRIPT_OTHER;
}

/** Whether a folded code unit is in one of the scripts whose words the homoglyph pass inspects. */
export function isForeignScript(c: number): boolean {
  return c >= CONFUSABLE_BASE && c < CONFUSABLE_END;
}

/** The Latin letter a folded code unit looks like (| WEAK_LOOKALIKE when weak), or 0. */
export function confusableToLatin(c: number): number {
  return c >= CONFUSABLE_BASE && c < CONFUSABLE_END ? (CONFUSABLE_TO_LATIN[c - CONFUSABLE_BASE] ?? 0) : 0;
}
