export { createSandboxRunner, MAX_TIMEOUT_MS, type SandboxRunnerDeps } from './create-sandbox-runner';
export { detectSandboxMode, type DetectSandboxOptions } from './detect-sandbox-mode';
export { buildChildEnv, DEFAULT_CHILD_PATH, type ChildEnvSpec } from './build-child-env';
export { buildBwrapArgs, SYSTEM_DIRS, type BwrapCall, type BwrapHostFacts } from './bwrap-args';
export { generateSeatbeltProfile, buildSandboxExecArgs, SANDBOX_EXEC_PATH } from './seatbelt-profile';
export { resolveRoots } from './resolve-paths';
export { buildSeccompFilter, SYSCALL_TABLES, CLONE_NAMESPACE_FLAGS, type SyscallTable } from './seccomp-filter';
export type { ProcessOutcome, RunRequest, RunResult, SandboxMode, SandboxModeInfo, SandboxRunner, SandboxSettings } from './types';
export { buildPrlimitArgs, limitsForRun, PRLIMIT_PATH, type ResourceLimits, type ResourceLimitSettings } from './resource-limits';
