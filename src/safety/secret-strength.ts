/** A secret must carry at least this many bytes (HS256 keys should be as long as the hash: 32). */
export const MIN_SECRET_BYTES = 32;

/**
 * Why a token secret is too weak to sign tokens, or undefined when it is acceptable. Beyond length,
 * it catches the obviously low-entropy: few distinct characters ("aaaa…", "abababab…"), a short
 * unit repeated, or a plain sequence ("0123456789…"). It cannot prove randomness; it stops the
 * secrets people type by hand.
 */
export function weakSecretReason(secret: string): string | undefined {
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < MIN_SECRET_BYTES) return `it is ${bytes} bytes long; at least ${MIN_SECRET_BYTES} are needed`;
  const distinct = new Set(secret).size;
  if (distinct < 10) return `it uses only ${distinct} distinct characters`;
  for (let unit = 1; unit <= 16 && unit * 2 <= secret.length; unit++) {
    if (secret.slice(unit) === secret.slice(0, secret.length - unit)) return `it repeats a ${unit}-character pattern`;
  }
  let steps = 0;
  for (let i = 1; i < secret.length; i++) if (secret.charCodeAt(i) - secret.charCodeAt(i - 1) === 1) steps++;
  if (steps > secret.length * 0.6) return 'it is mostly a run of consecutive characters';
  const entropy = shannonBitsPerChar(secret);
  // Empirical entropy underestimates short random strings (32 hex digits measure ~118 bits), hence 96.
  if (entropy * secret.length < 96) return `it measures about ${Math.round(entropy * secret.length)} bits of entropy`;
  return undefined;
}

function shannonBitsPerChar(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  const n = [...text].length;
  for (const c of counts.values()) bits -= (c / n) * Math.log2(c / n);
  return bits;
}
