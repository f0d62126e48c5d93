import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildViews, normalizeText } from '../../../src/firewall/normalize';
import { base64, tags } from './helpers';

// Every finding is reported in the coordinates of the text the user sent, so the map back from
// each view must stay in bounds and in order whatever the input.

/** Pieces that exercise every path of the main pass. */
const PIECES = [
  'a', 'Z', 'ignore', ' ', '  ', '\t', '\n', '\r\n', '\r', '.', '-', '%41', '\\x41', '&#65;', '<!--', '-->', '0', '7', '@',
  '\u00A0', '\u3000', '\u2028', '\u0085', '\u0000', '\u007F', '\u0080',
  '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u034F', '\u202E', '\u202C', '\u2066', '\u2069', '\u200E', '\uFE0F', '\uFE00',
  'а', 'е', 'о', 'р', 'с', 'П', 'и', 'в', 'α', 'ο', 'ρ', 'ι', 'µ', 'Ω', 'օ',
  'é', 'e\u0301', 'i\u0334', '\u0301', 'ß', 'İ', 'ﬁ', '½', '㈠', 'ﷺ', 'Ａ', '１', 'ｶ', 'ɪ', 'ᴀ', '⒜', 'Ⓐ',
  '𝐢', '𝟏', '🅰', '🇮', '😀', '👨‍👩‍👧', '🏴', String.fromCodePoint(0xe0067), String.fromCodePoint(0xe007f), String.fromCodePoint(0xe0100),
  String.fromCodePoint(0x1d173), '\uD800', '\uDC00', '東', 'ا', 'ש',
];
const mixedText = fc.string({ unit: fc.constantFrom(...PIECES), maxLength: 60 });
const anyText = fc.oneof(mixedText, fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 60 }));

function checkMap(original: string): void {
  const n = normalizeText(original);
  let previousStart = 0;
  for (let p = 0; p < n.text.length; p++) {
    const start = n.map.startOf(p);
    const end = n.map.endOf(p);
    expect(start).toBeGreaterThanOrEqual(previousStart);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    expect(end).toBeLessThanOrEqual(original.length);
    previousStart = start;
  }
}

describe('offset map', () => {
  it('maps every normalised character into the original, in order', () => {
    fc.assert(fc.property(anyText, (text) => checkMap(text)), { numRuns: 3000 });
  });

  it('is the identity on ASCII text, up to case and whitespace folding', () => {
    const ascii = fc.string({ unit: fc.constantFrom(...'aZ09 .-_%@\t\n\r'.split(''), 'ab', '  '), maxLength: 80 });
    fc.assert(
      fc.property(ascii, (original) => {
        const n = normalizeText(original);
        for (let p = 0; p < n.text.length; p++) {
          const start = n.map.startOf(p);
          expect(n.map.endOf(p)).toBe(start + 1);
          const source = original[start]!;
          const out = n.text[p]!;
          if (out === ' ') expect(source).toMatch(/^[ \t]$/);
          else if (out === '\n') expect(source).toMatch(/^[\r\n]$/);
          else expect(source.toLowerCase()).toBe(out);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('maps each ASCII letter or digit back to the character it came from, in any text', () => {
    fc.assert(
      fc.property(mixedText, (original) => {
        const n = normalizeText(original);
        for (let p = 0; p < n.text.length; p++) {
          const out = n.text[p]!;
          const source = original[n.map.startOf(p)]!;
          if (/[a-z0-9]/.test(out) && /[A-Za-z0-9]/.test(source) && n.map.endOf(p) - n.map.startOf(p) === 1) expect(source.toLowerCase()).toBe(out);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('maps spans of every view into the original', () => {
    const structured = fc
      .tuple(mixedText, fc.constantFrom('', base64('a hidden note with several words in it'), tags('hidden words'), 'd i s r e g a r d', 'r3v34l', 'vtaber gur ehyrf naq'), mixedText)
      .map((parts) => parts.join(' '));
    fc.assert(
      fc.property(fc.oneof(anyText, structured), fc.nat(80), fc.nat(80), (original, a, b) => {
        for (const view of buildViews(original, normalizeText(original))) {
          const [start, end] = view.mapSpan(Math.min(a, b), Math.max(a, b));
          expect(start).toBeGreaterThanOrEqual(0);
          expect(end).toBeGreaterThanOrEqual(start);
          expect(end).toBeLessThanOrEqual(original.length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reports signals inside the original', () => {
    fc.assert(
      fc.property(anyText, (original) => {
        for (const s of normalizeText(original).signals) {
          expect(s.start).toBeGreaterThanOrEqual(0);
          expect(s.end).toBeGreaterThan(s.start);
          expect(s.end).toBeLessThanOrEqual(original.length);
          expect(s.category).toBe('obfuscation');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('is deterministic and idempotent', () => {
    // Not quite for a lone combining mark after a look-alike: "р́" folds to "p" + U+0301, which a
    // second pass would compose. Such text is left out here.
    const pieces = PIECES.filter((p) => !/^[\u0300-\u036f]$/.test(p));
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...pieces), maxLength: 60 }), (original) => {
        const once = normalizeText(original).text;
        expect(normalizeText(original).text).toBe(once);
        expect(normalizeText(once).text).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });
});
