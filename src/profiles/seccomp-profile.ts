import { KalguardError } from '../errors';
import {
  AF_NETLINK,
  CLONE_NAMESPACE_FLAGS,
  CLONE_THREAD,
  EXEC_RUNTIME_EXTRAS,
  NETLINK_ROUTE,
  NOT_IMPLEMENTED,
  RUNTIME_EXTRAS,
  SOCK_RAW,
  SOCK_TYPE_MASK,
  SOCKET_DOMAINS,
  SOCKET_TYPES,
  type SeccompArch,
} from './seccomp-rules';

export type { SeccompArch } from './seccomp-rules';

/** The syscall sets recorded by build/trace-syscalls.mjs for one architecture. */
export interface TracedSyscalls {
  /** Everything the sidecar itself called (serve with every endpoint, reload, shutdown; the CLI commands). */
  readonly sidecar: readonly string[];
  /** Added by running tools: what the processes the binary starts do (bwrap, the tools, the start-up probe). */
  readonly exec: readonly string[];
}

export interface SeccompProfileInput {
  readonly arch: SeccompArch;
  readonly tracedSyscalls: TracedSyscalls;
  readonly allowExec: boolean;
}

export interface SeccompArg {
  readonly index: number;
  readonly value: number;
  readonly valueTwo?: number;
  readonly op: 'SCMP_CMP_EQ' | 'SCMP_CMP_MASKED_EQ';
}

export interface SeccompRule {
  readonly names: readonly string[];
  readonly action: 'SCMP_ACT_ALLOW' | 'SCMP_ACT_ERRNO';
  readonly errnoRet?: number;
  readonly args?: readonly SeccompArg[];
  readonly comment?: string;
}

/** The OCI runtime-spec `linux.seccomp` object, which is also Docker's `--security-opt seccomp=` file format. */
export interface SeccompProfile {
  readonly defaultAction: 'SCMP_ACT_ERRNO';
  readonly defaultErrnoRet: number;
  readonly architectures: readonly string[];
  readonly syscalls: readonly SeccompRule[];
}

const EPERM = 1;
const ENOSYS = 38;
const OCI_ARCH: Record<SeccompArch, string> = { x86_64: 'SCMP_ARCH_X86_64', aarch64: 'SCMP_ARCH_AARCH64' };
// Syscalls that only ever get an argument-filtered or ENOSYS rule, never a plain allow: a trace that
// saw them (glibc tries clone3 first; the sidecar opens sockets) must not widen them.
const FILTERED = new Set(['socket', 'clone', 'clone3', ...NOT_IMPLEMENTED.map((r) => r.name)]);
const SYSCALL_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Generates the seccomp profile: deny by default with EPERM (a denied call fails like a missing
 * permission rather than killing the process, so a call we did not foresee shows up as an error
 * in the log instead of a silent crash), the native architecture only (calls through another ABI,
 * e.g. 32-bit int 0x80 on x86_64, match no rule and get the runtime's bad-architecture action, a
 * kill by libseccomp's default), the traced set plus documented extras,
 * and argument filters for socket and clone. Pure: the same input gives the same bytes.
 */
export function generateSeccompProfile(input: SeccompProfileInput): SeccompProfile {
  const { arch, tracedSyscalls: traced, allowExec } = input;
  for (const name of [...traced.sidecar, ...traced.exec]) {
    if (!SYSCALL_NAME.test(name)) throw new KalguardError('ERR_CONFIG_INVALID', `Cannot generate seccomp profile: "${name}" is not a syscall name`);
  }
  const extras = [...RUNTIME_EXTRAS, ...(allowExec ? EXEC_RUNTIME_EXTRAS : [])].filter((e) => e.arches === undefined || e.arches.includes(arch));
  const allowed = new Set([...traced.sidecar, ...(allowExec ? traced.exec : []), ...extras.map((e) => e.name)]);
  for (const name of FILTERED) allowed.delete(name);
  const rules: SeccompRule[] = [
    { names: [...allowed].sort(), action: 'SCMP_ACT_ALLOW' },
    ...socketRules(),
    ...(allowExec ? [netlinkRouteRule()] : []),
    cloneRule(allowExec),
    { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS, comment: 'ENOSYS: glibc and libuv fall back to clone, whose flags a filter can inspect (clone3 passes them in memory)' },
    { names: NOT_IMPLEMENTED.map((r) => r.name), action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS, comment: 'ENOSYS: io_uring is a large kernel attack surface; libuv falls back to epoll and the thread pool' },
  ];
  return { defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: EPERM, architectures: [OCI_ARCH[arch]], syscalls: rules };
}

/** The profile as written to a file: two-space JSON, deterministic (a golden file checks it). */
export function renderSeccompProfile(profile: SeccompProfile): string {
  return JSON.stringify(profile, null, 2);
}

/** The syscall names the profile allows without any condition (for reports and tests). */
export function unconditionallyAllowed(profile: SeccompProfile): readonly string[] {
  return profile.syscalls.find((r) => r.action === 'SCMP_ACT_ALLOW' && r.args === undefined)?.names ?? [];
}

function socketRules(): SeccompRule[] {
  // One rule per (domain, type): the conditions of one rule are ANDed. The type is masked because
  // SOCK_NONBLOCK and SOCK_CLOEXEC are or-ed into it; SOCK_RAW and AF_PACKET/AF_NETLINK match no rule.
  return SOCKET_DOMAINS.flatMap((domain) =>
    SOCKET_TYPES.map((type) => ({
      names: ['socket'],
      action: 'SCMP_ACT_ALLOW' as const,
      args: [
        { index: 0, value: domain.value, op: 'SCMP_CMP_EQ' as const },
        { index: 1, value: SOCK_TYPE_MASK, valueTwo: type.value, op: 'SCMP_CMP_MASKED_EQ' as const },
      ],
      comment: `socket(${domain.name}, ${type.name})`,
    })),
  );
}

function netlinkRouteRule(): SeccompRule {
  // bwrap --unshare-net brings up loopback in the new network namespace over rtnetlink; any other
  // netlink family (audit, xfrm, …) and raw IP sockets stay denied.
  return {
    names: ['socket'],
    action: 'SCMP_ACT_ALLOW',
    args: [
      { index: 0, value: AF_NETLINK, op: 'SCMP_CMP_EQ' },
      { index: 1, value: SOCK_TYPE_MASK, valueTwo: SOCK_RAW, op: 'SCMP_CMP_MASKED_EQ' },
      { index: 2, value: NETLINK_ROUTE, op: 'SCMP_CMP_EQ' },
    ],
    comment: 'socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE): bwrap configures loopback in its network namespace (--allow-exec)',
  };
}

function cloneRule(allowExec: boolean): SeccompRule {
  if (allowExec) {
    // bwrap creates its sandbox with clone(CLONE_NEW*): a flag filter would break the tool sandbox.
    return { names: ['clone'], action: 'SCMP_ACT_ALLOW', comment: 'any clone: processes and the namespaces bwrap creates (--allow-exec)' };
  }
  // OCI MASKED_EQ: (flags & value) == valueTwo. Requiring CLONE_THREAD with no namespace flag allows
  // pthread_create and nothing else: fork() is clone(SIGCHLD|…) without CLONE_THREAD.
  return {
    names: ['clone'],
    action: 'SCMP_ACT_ALLOW',
    args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS | CLONE_THREAD, valueTwo: CLONE_THREAD, op: 'SCMP_CMP_MASKED_EQ' }],
    comment: 'threads only: CLONE_THREAD set, no namespace flag',
  };
}
