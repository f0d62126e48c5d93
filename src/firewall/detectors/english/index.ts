import type { Detector } from '../../types';
import { DELIMITER_SPOOFING_RULES } from './delimiter-spoofing';
import { INSTRUCTION_OVERRIDE_RULES } from './instruction-override';
import { OUTPUT_FORCING_RULES } from './output-forcing';
import { PERSONA_JAILBREAK_RULES } from './persona-jailbreak';
import { PROMPT_EXTRACTION_RULES } from './prompt-extraction';
import { createRuleDetector } from './scan-rules';

export { DELIMITER_SPOOFING_RULES, delimiterSpoofingDetector } from './delimiter-spoofing';
export { INSTRUCTION_OVERRIDE_RULES, instructionOverrideDetector } from './instruction-override';
export { OUTPUT_FORCING_RULES, outputForcingDetector } from './output-forcing';
export { PERSONA_JAILBREAK_RULES, personaJailbreakDetector } from './persona-jailbreak';
export { PROMPT_EXTRACTION_RULES, promptExtractionDetector } from './prompt-extraction';

/**
 * The english attack families, one file each, each with its own detector (used alone in tests).
 * The firewall runs them as ONE detector: the cost of these detectors is the scan for their key
 * stems, and one scan for all five families is about five times cheaper than five scans. Finding
 * ids, weights and spans are the same either way.
 */
export const englishDetector: Detector = createRuleDetector('english', [
  ...INSTRUCTION_OVERRIDE_RULES,
  ...PERSONA_JAILBREAK_RULES,
  ...PROMPT_EXTRACTION_RULES,
  ...DELIMITER_SPOOFING_RULES,
  ...OUTPUT_FORCING_RULES,
]);

/** The english detector families (see README.md for the finding catalogue). */
export const ENGLISH_DETECTORS: readonly Detector[] = [englishDetector];
