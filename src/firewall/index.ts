export { evaluatePrompt } from './evaluate-prompt';
export { combineScores, riskLevelOf, actionFor } from './score';
export type { PromptMessage, PromptVerdict, Finding, Thresholds, RiskLevel, FirewallAction, MessageRole } from './types';
