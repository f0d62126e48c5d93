import { buildViews, normalizeText } from '../../../src/firewall/normalize';
import type { RawFinding, TextView } from '../../../src/firewall';

export function views(text: string): TextView[] {
  return buildViews(text, normalizeText(text));
}

/** The text of the first view of `kind` (exact, or a prefix ending in ':' for decoded kinds), if any. */
export function viewText(text: string, kind: string): string | undefined {
  return views(text).find((v) => v.kind === kind)?.text;
}

export function kinds(text: string): string[] {
  return views(text).map((v) => v.kind);
}

export function signals(text: string): RawFinding[] {
  return [...normalizeText(text).signals];
}

/** Strongest weight per signal id. */
export function signalWeights(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of signals(text)) out[s.id] = Math.max(out[s.id] ?? 0, s.weight);
  return out;
}

export function normalized(text: string): string {
  return normalizeText(text).text;
}

export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function hex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

/** Unicode tag characters spelling `text` (ASCII only). */
export function tags(text: string): string {
  return [...text].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
}

/** Bytes hidden as variation selectors (FE00–FE0F for 0–15, E0100–E01EF for 16–255). */
export function variationSelectors(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => String.fromCodePoint(b < 16 ? 0xfe00 + b : 0xe0100 + b - 16)).join('');
}

export function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}
