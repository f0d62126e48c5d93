import type { Detector, MessageRole } from '../../types';
import { ADDRESSED_TO_AI } from './addressed-to-ai';
import { ANSWER_STEERING } from './answer-steering';
import { EMBEDDED_INSTRUCTION } from './embedded-instruction';
import { EXFILTRATION_INSTRUCTIONS, EXFILTRATION_URLS } from './exfiltration';
import { createFamilyDetector } from './family-scan';
import { RISKY_CODE } from './risky-code';
import { TOOL_HIJACK } from './tool-hijack';

/** Content the model reads rather than a request it answers: where planted instructions arrive. */
const DOCUMENT_ROLES: ReadonlySet<MessageRole> = new Set(['tool', 'function', 'assistant']);

/**
 * The lexical families read documents only and share one anchor scan (family-scan.ts): text
 * addressed to the AI, instructions that steer its answer, orders to act, and instructions to
 * carry data out.
 */
const PLANTED_INSTRUCTIONS = createFamilyDetector('indirect-planted-instructions', [ADDRESSED_TO_AI, ANSWER_STEERING, TOOL_HIJACK, EXFILTRATION_INSTRUCTIONS], DOCUMENT_ROLES);

/**
 * Indirect prompt injection: instructions planted in documents and tool results, aimed at the
 * model that reads them, and the exfiltration channels they set up.
 */
export const INDIRECT_DETECTORS: readonly Detector[] = [PLANTED_INSTRUCTIONS, EMBEDDED_INSTRUCTION, EXFILTRATION_URLS, RISKY_CODE];
