export { checkStartupSafety } from './check-startup-safety';
export { gatherStartupFacts, type ProcessFacts } from './gather-facts';
export { weakSecretReason, MIN_SECRET_BYTES } from './secret-strength';
export type { StartupFacts, FileFacts, SafetyProblem, SafetyVerdict } from './types';
