export { evaluatePrompt, type EvaluateOptions } from './evaluate-prompt';
export { combineScores, riskLevelOf, actionFor } from './score';
export { FIREWALL_LIMITS } from './limits';
export { ALL_DETECTORS } from './detectors';
export { SECRET_PATTERNS, detectSecrets } from './secrets';
export { SANITIZE_PATTERNS } from './sanitize';
export { normalizeText, buildViews, NORMALIZE_PATTERNS } from './normalize';
export type {
  PromptMessage,
  PromptVerdict,
  Finding,
  FindingCategory,
  Thresholds,
  RiskLevel,
  FirewallAction,
  MessageRole,
  Detector,
  TextView,
  RawFinding,
  DetectionContext,
} from './types';
