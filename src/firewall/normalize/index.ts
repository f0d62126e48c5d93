export { normalizeText } from './normalize-text';
export { buildViews, normalizedView } from './build-views';
export { NORMALIZE_PATTERNS } from './patterns';
export type { NormalizedText } from './types';
export type { OffsetMap } from './offset-map';
