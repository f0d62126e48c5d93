export { generateSeccompProfile, renderSeccompProfile, unconditionallyAllowed, type SeccompArch, type SeccompProfile, type SeccompRule, type TracedSyscalls } from './seccomp-profile';
export { EXEC_RUNTIME_EXTRAS, RUNTIME_EXTRAS, type SyscallExtra } from './seccomp-rules';
export { TRACED_SYSCALLS } from './seccomp-traced-syscalls';
export { APPARMOR_DEFAULTS, generateAppArmorProfile, type AppArmorProfileOptions } from './apparmor-profile';
export { generateSandboxExecProfile, SANDBOX_EXEC_PARAMS, type SandboxExecParam } from './sandbox-exec-profile';
