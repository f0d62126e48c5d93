import type { RawFinding } from '../types';
import type { Collapsed } from './collapse';
import type { CoreState } from './core-state';
import type { SpanCollector } from './span-collector';

/*
 * Obfuscation signals, in original coordinates. Calibration (scores combine as noisy-OR; block at
 * 70, sanitize at 50): obfuscation alone never blocks ordinary text, and the weight of an attack
 * comes from what the detectors find in the de-obfuscated views. Strong on their own are only the
 * techniques with no innocent use in a prompt: tag characters, text hidden in variation
 * selectors, right-to-left overrides, letters split by zero-width characters. Zero-width joiners
 * between emoji, one variation selector after an emoji, and soft hyphens in pasted articles are
 * ordinary text and weigh nothing, or next to nothing.
 */

export interface DecodeStats {
  /** Decoded payloads that were text behind an encoding plain text never needs. */
  readonly encoded: SpanCollector;
  /** Payloads left unread because the decode budget ran out: fail closed. */
  readonly overflow: SpanCollector;
}

function findings(collector: SpanCollector, id: string, weight: number, description: string): RawFinding[] {
  if (collector.count === 0 || weight <= 0) return [];
  return collector.starts.map((start, k) => ({ id, category: 'obfuscation', start, end: collector.ends[k]!, weight, description }));
}

function byCount(count: number, steps: readonly (readonly [number, number])[]): number {
  let weight = 0;
  for (const [atLeast, w] of steps) if (count >= atLeast) weight = w;
  return weight;
}

export function buildSignals(st: CoreState, collapsed: Collapsed | undefined, decode: DecodeStats): RawFinding[] {
  const invisible = 'obfuscation.invisible_chars';
  const variation = 'obfuscation.variation_selectors';
  return [
    ...findings(st.splits, invisible, byCount(st.splits.count, [[1, 30], [3, 40], [10, 45]]), 'zero-width or bidi characters inside words, splitting them for the reader but not for the model'),
    ...findings(st.zeroWidth, invisible, byCount(st.zeroWidth.count, [[1, 15], [10, 20]]), 'invisible zero-width or bidi formatting characters'),
    ...findings(st.softHyphens, invisible, 5, 'soft hyphens'),
    ...findings(st.tagChars, 'obfuscation.tag_chars', 60, 'Unicode tag characters: text invisible to a reader'),
    ...findings(st.bidiOverrides, 'obfuscation.bidi_override', 40, 'bidi override: the text displays in a different order than it is read'),
    ...findings(st.homoglyphWords, 'obfuscation.homoglyphs', byCount(st.homoglyphWords.count, [[1, 25], [2, 35], [3, 45]]), 'words mixing look-alike letters from different scripts'),
    ...findings(st.variationText, variation, 60, 'text hidden in variation selectors'),
    ...findings(st.variationRuns, variation, 30, 'long runs of variation selectors'),
    ...(collapsed === undefined ? [] : collapsedSignals(collapsed)),
    ...findings(decode.encoded, 'obfuscation.encoded_payload', 15, 'encoded text (base64, hex, URL or HTML escapes, ROT13) decoded and scanned'),
    ...findings(decode.overflow, 'obfuscation.decode_limit', 50, 'more encoded or hidden text than the firewall decodes: the rest is not passed unread'),
  ];
}

function collapsedSignals(collapsed: Collapsed): RawFinding[] {
  return [
    ...findings(collapsed.spacedRuns, 'obfuscation.spaced_letters', byCount(collapsed.spacedRuns.count, [[1, 10], [2, 15], [4, 20]]), 'words spelled out in separated single letters'),
    ...findings(collapsed.leetWords, 'obfuscation.leetspeak', 10, 'letters replaced by digits or symbols inside words'),
  ];
}
