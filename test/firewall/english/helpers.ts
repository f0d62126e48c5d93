import { evaluatePrompt } from '../../../src/firewall';
import { ENGLISH_DETECTORS } from '../../../src/firewall/detectors/english';
import { normalizeText, normalizedView } from '../../../src/firewall/normalize';
import type { Detector, PromptVerdict } from '../../../src/firewall/types';

/** A finding of one family detector, with its span mapped back to the original text. */
export interface Hit {
  readonly id: string;
  readonly weight: number;
  /** The original characters the finding points at. */
  readonly text: string;
}

/** Runs one detector on the normalised view of `text`, as the pipeline does. */
export function detect(detector: Detector, text: string): Hit[] {
  const view = normalizedView(normalizeText(text));
  return detector.detect(view, { role: 'user' }).map((f) => {
    const [start, end] = view.mapSpan(f.start, f.end);
    return { id: f.id, weight: f.weight, text: text.slice(start, end) };
  });
}

/** The strongest weight a detector gives `text` (0 when it finds nothing). */
export function strongest(detector: Detector, text: string): number {
  return Math.max(0, ...detect(detector, text).map((h) => h.weight));
}

/** The whole english family set through the real pipeline, as a user message. */
export function verdict(text: string): PromptVerdict {
  return evaluatePrompt([{ role: 'user', texts: [text] }], { block: 70, sanitize: 50 }, { detectors: ENGLISH_DETECTORS });
}

/** One attack phrasing: the finding id it must raise and (part of) the text that finding must point at. */
export type AttackRow = readonly [text: string, id: string, span: string];
