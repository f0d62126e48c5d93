export { parseCommand, type Command } from './parse-command';
export { runPolicyCheck, type CommandIo } from './policy-check';
export { runHealthcheck } from './healthcheck';
export { runExec } from './exec';
export { runAppArmorProfile } from './apparmor-profile';
export { runSandboxProfile } from './sandbox-profile';
export { runSeccompProfile } from './seccomp-profile';
export { MAIN_USAGE, SERVE_USAGE, TOKEN_USAGE } from './usage';
