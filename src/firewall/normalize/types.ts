import type { RawFinding, TextView } from '../types';
import type { OffsetMap } from './offset-map';

/**
 * A text part as the detectors read it, with the way back to the original: `map.startOf(i)` and
 * `map.endOf(i)` are the original [start, end) of normalised character i, so every finding can
 * point at the exact characters the user sent.
 */
export interface NormalizedText {
  /** Lower-case, NFKC, invisible characters dropped, look-alikes folded, whitespace runs folded, line breaks kept. */
  readonly text: string;
  readonly map: OffsetMap;
  /** Obfuscation seen while normalising (invisible characters, tag characters, homoglyphs, …), in ORIGINAL coordinates. */
  readonly signals: readonly RawFinding[];
  /** The other readings: 'collapsed' and 'decoded:<how>' views, built with the text (they feed the signals). */
  readonly views: readonly TextView[];
}
