// Stateless: decode() without { stream: true } keeps nothing between calls.
const UTF8 = new TextDecoder('utf-8');

export function decodeUtf8(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}

/**
 * Whether decoded bytes read as text rather than binary: no (or, in long payloads, almost no)
 * control characters or invalid UTF-8, and mostly letters and spaces. Random bytes fail this with
 * overwhelming odds past a dozen bytes, so hashes, keys and compressed data do not become views.
 */
export function isMostlyText(s: string): boolean {
  const n = s.length;
  if (n < 4) return false;
  let bad = 0;
  let letters = 0;
  let spaces = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13) spaces++;
    else if (c < 32 || (c >= 0x7f && c <= 0x9f) || c === 0xfffd) bad++;
    else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c >= 0xc0) letters++;
  }
  const allowedBad = n < 64 ? 0 : Math.floor(n / 50);
  // A short payload must read as words: eight random printable bytes are two-thirds letters.
  const wordy = n < 16 ? 0.8 : 0.5;
  return bad <= allowedBad && letters >= 4 && letters + spaces >= n * wordy;
}

/** A string from char codes, in chunks (spreading a long array would overflow the stack). */
export function stringFromCodes(codes: ArrayLike<number>): string {
  const CHUNK = 4096;
  if (codes.length <= CHUNK) return String.fromCharCode.apply(null, codes as number[]);
  let s = '';
  for (let k = 0; k < codes.length; k += CHUNK) s += String.fromCharCode.apply(null, Array.prototype.slice.call(codes, k, k + CHUNK) as number[]);
  return s;
}
