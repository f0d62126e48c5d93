import type { TextView } from '../types';
import type { Collapsed } from './collapse';
import { type OffsetMap, mapThrough } from './offset-map';
import type { NormalizedText } from './types';

export function normalizedView(normalized: NormalizedText): TextView {
  const { text, map } = normalized;
  return { kind: 'normalized', text, mapSpan: (start, end) => mapThrough(map, text.length, start, end) };
}

/** Every reading of a text part: the normalised one first, then those built with it. */
export function buildViews(_original: string, normalized: NormalizedText): TextView[] {
  return [normalizedView(normalized), ...normalized.views];
}

export function collapsedView(collapsed: Collapsed, map: OffsetMap, normalizedLength: number): TextView {
  const { text, toNormalized } = collapsed;
  return {
    kind: 'collapsed',
    text,
    mapSpan(start, end) {
      const [s, e] = mapThrough(toNormalized, text.length, start, end);
      return mapThrough(map, normalizedLength, s, e);
    },
  };
}

/** A decoded payload: every position stands for the whole encoded blob in the original. */
export function blobView(kind: string, text: string, start: number, end: number): TextView {
  const span = [start, end] as const;
  return { kind, text, mapSpan: () => span };
}

/** Text cut from the normalised text and transformed one unit for one (ROT13): maps exactly. */
export function alignedView(kind: string, text: string, map: OffsetMap, normalizedLength: number, offset: number): TextView {
  const clamp = (p: number) => Math.min(Math.max(p, 0), text.length) + offset;
  return { kind, text, mapSpan: (start, end) => mapThrough(map, normalizedLength, clamp(start), clamp(end)) };
}
