import { decodeUtf8 } from './text-utils';

/*
 * Decoders for payloads embedded in a prompt. Each is a single pass over its input, bounded by
 * the caller; none throws on malformed input (bad digits are skipped).
 */

const BASE64_VALUE: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let k = 0; k < alphabet.length; k++) t[alphabet.charCodeAt(k)] = k;
  // Standard and URL-safe alphabets at once: a run mixing both decodes to garbage and is dropped.
  t[43] = 62; // +
  t[45] = 62; // -
  t[47] = 63; // /
  t[95] = 63; // _
  return t;
})();

/** Base64 (standard or URL-safe, padding optional) of source[start, end) → bytes. */
export function decodeBase64(source: string, start: number, end: number): Uint8Array {
  const bytes = new Uint8Array(Math.floor(((end - start) * 3) / 4) + 3);
  let n = 0;
  let acc = 0;
  let bits = 0;
  for (let i = start; i < end; i++) {
    const v = BASE64_VALUE[source.charCodeAt(i) & 127] ?? -1;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[n++] = (acc >> bits) & 0xff;
    }
  }
  return bytes.subarray(0, n);
}

export function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 32;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/** Plain hex digits of source[start, end) (anything else skipped) → bytes. */
export function decodeHexDigits(source: string, start: number, end: number): Uint8Array {
  const bytes = new Uint8Array((end - start) >> 1);
  let n = 0;
  let high = -1;
  for (let i = start; i < end; i++) {
    const v = hexValue(source.charCodeAt(i));
    if (v < 0) continue;
    if (high < 0) high = v;
    else {
      bytes[n++] = (high << 4) | v;
      high = -1;
    }
  }
  return bytes.subarray(0, n);
}

export function isHexRun(source: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (hexValue(source.charCodeAt(i)) < 0) return false;
  return true;
}

/** Collects decoded bytes and literal characters in order; bytes are read as UTF-8. */
class TextBuilder {
  private text = '';
  private bytes: number[] = [];
  byte(b: number): void {
    this.bytes.push(b);
  }
  char(s: string): void {
    this.flush();
    this.text += s;
  }
  done(): string {
    this.flush();
    return this.text;
  }
  private flush(): void {
    if (this.bytes.length === 0) return;
    this.text += decodeUtf8(Uint8Array.from(this.bytes));
    this.bytes = [];
  }
}

export interface EscapeDecoding {
  readonly text: string;
  /** Escapes that encode an ASCII letter or digit: never needed, so a sign of hiding. */
  readonly alnumEscapes: number;
}

function isAsciiAlnum(b: number): boolean {
  return (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122);
}

/** URL encoding: %XX bytes, '+' as a space, everything else literal. */
export function decodePercent(source: string, start: number, end: number): EscapeDecoding {
  const out = new TextBuilder();
  let alnum = 0;
  for (let i = start; i < end; i++) {
    const c = source.charCodeAt(i);
    if (c === 37 && i + 2 < end && hexValue(source.charCodeAt(i + 1)) >= 0 && hexValue(source.charCodeAt(i + 2)) >= 0) {
      const b = (hexValue(source.charCodeAt(i + 1)) << 4) | hexValue(source.charCodeAt(i + 2));
      if (isAsciiAlnum(b)) alnum++;
      out.byte(b);
      i += 2;
    } else {
      out.char(c === 43 ? ' ' : source[i]!);
    }
  }
  return { text: out.done(), alnumEscapes: alnum };
}

/** Index of code unit `c` in source[from, to), or −1: a bounded search, so that a blob of
 * unterminated escapes costs linear time, not a scan to the end of the text per escape. */
function indexWithin(source: string, c: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (source.charCodeAt(i) === c) return i;
  return -1;
}

function hexAt(source: string, at: number, digits: number): number {
  let v = 0;
  for (let k = 0; k < digits; k++) {
    const d = hexValue(source.charCodeAt(at + k));
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** Backslash escapes: \xHH (bytes), \uHHHH, \u{H…}; other characters literal. */
export function decodeBackslash(source: string, start: number, end: number): EscapeDecoding {
  const out = new TextBuilder();
  let alnum = 0;
  for (let i = start; i < end; i++) {
    const c = source.charCodeAt(i);
    const kind = c === 92 ? source.charCodeAt(i + 1) : 0;
    let value = -1;
    let length = 0;
    if (kind === 120) [value, length] = [hexAt(source, i + 2, 2), 4];
    else if (kind === 117 && source.charCodeAt(i + 2) === 123) {
      const close = indexWithin(source, 125, i + 3, Math.min(end, i + 10)); // '}'
      if (close > i + 3) [value, length] = [hexAt(source, i + 3, close - i - 3), close - i + 1];
    } else if (kind === 117) [value, length] = [hexAt(source, i + 2, 4), 6];
    if (value < 0 || i + length > end) {
      out.char(source[i]!);
      continue;
    }
    if (isAsciiAlnum(value)) alnum++;
    if (kind === 120) out.byte(value);
    else out.char(value <= 0x10ffff ? String.fromCodePoint(value) : '\ufffd');
    i += length - 1;
  }
  return { text: out.done(), alnumEscapes: alnum };
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

/** HTML character references: &#105; &#x69; and a few named ones; other characters literal. */
export function decodeEntities(source: string, start: number, end: number): EscapeDecoding {
  let text = '';
  let alnum = 0;
  for (let i = start; i < end; i++) {
    const c = source.charCodeAt(i);
    if (c !== 38) {
      text += source[i]!;
      continue;
    }
    const semi = indexWithin(source, 59, i + 1, Math.min(end, i + 11)); // ';'
    const body = semi > i ? source.slice(i + 1, semi) : '';
    let decoded: string | undefined;
    if (body.startsWith('#x') || body.startsWith('#X')) decoded = fromCode(Number.parseInt(body.slice(2), 16));
    else if (body.startsWith('#')) decoded = fromCode(Number.parseInt(body.slice(1), 10));
    else decoded = NAMED_ENTITIES[body];
    if (decoded === undefined) {
      text += '&';
      continue;
    }
    if (decoded.length === 1 && isAsciiAlnum(decoded.charCodeAt(0))) alnum++;
    text += decoded;
    i = semi;
  }
  return { text, alnumEscapes: alnum };
}

function fromCode(code: number): string | undefined {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/** ROT13 of ASCII letters (input is lower-case); everything else unchanged. */
export function rot13(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += c >= 97 && c <= 122 ? String.fromCharCode(((c - 97 + 13) % 26) + 97) : text[i]!;
  }
  return out;
}
