/*
 * The bubblewrap command line for one run. Pure: the facts about the host (which system paths
 * are symlinks) are passed in, so the generated argv can be tested exactly.
 *
 * What the child sees: the system directories read-only; the working directory read-write at its
 * real path; a private /tmp, /proc and /dev; a few files from /etc; nothing else of the host (no
 * /home, /root, /var, /run, the sidecar's policy, audit or secrets). New PID, IPC, UTS and cgroup
 * namespaces always, a new network namespace (loopback only, nothing reachable) unless the tool is
 * allowed the network, in which case it shares the HOST's network, host loopback included.
 */

/** Read-only system directories; on merged-/usr systems most are symlinks into /usr. */
export const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'] as const;

/** The few /etc files programs need to start (dynamic linker, user names, time zone, alternatives). */
export const ETC_FILES = ['/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/ld.so.conf.d', '/etc/alternatives', '/etc/localtime', '/etc/passwd', '/etc/group', '/etc/nsswitch.conf'] as const;

/** Name resolution and TLS trust: only when the tool may use the network. */
export const ETC_NETWORK_FILES = ['/etc/hosts', '/etc/resolv.conf', '/etc/host.conf', '/etc/gai.conf', '/etc/ssl', '/etc/ca-certificates', '/etc/pki'] as const;

export interface BwrapHostFacts {
  /** For each system dir that is a symlink on the host, its link target (e.g. /bin -> usr/bin). */
  readonly symlinks: Readonly<Record<string, string>>;
}

export interface BwrapCall {
  readonly command: string;
  readonly args: readonly string[];
  /** Already resolved (realpath) and checked against the allowed roots. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly network: boolean;
  /** The fd bwrap reads a seccomp filter (BPF) from; absent: no filter (an unsupported architecture). */
  readonly seccompFd?: number;
}

export function buildBwrapArgs(call: BwrapCall, host: BwrapHostFacts): string[] {
  const args: string[] = [];
  for (const dir of SYSTEM_DIRS) {
    const target = host.symlinks[dir];
    // Recreate host symlinks as symlinks: binding /bin -> /usr/bin as a second mount would work
    // too, but paths would resolve differently inside and outside.
    if (target !== undefined) args.push('--symlink', target, dir);
    else args.push('--ro-bind-try', dir, dir);
  }
  for (const file of ETC_FILES) args.push('--ro-bind-try', file, file);
  if (call.network) for (const file of ETC_NETWORK_FILES) args.push('--ro-bind-try', file, file);
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp');
  // After the tmpfs: a working directory under /tmp is bound on top of the private /tmp.
  args.push('--bind', call.cwd, call.cwd, '--chdir', call.cwd);
  args.push('--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--hostname', 'kalguard-sandbox');
  if (!call.network) args.push('--unshare-net');
  // --die-with-parent: if the sidecar (or bwrap) dies, so does the sandbox, and with it every
  // process in the PID namespace. --new-session: the child cannot push input into a terminal
  // (TIOCSTI). --cap-drop ALL: even as uid 0 the child holds no capabilities.
  args.push('--die-with-parent', '--new-session', '--cap-drop', 'ALL');
  // bwrap is spawned with an empty environment as well (see run-process.ts): --clearenv alone
  // would still leave the sidecar's environment readable in /proc/1/environ (bwrap is pid 1).
  args.push('--clearenv');
  for (const [name, value] of Object.entries(call.env)) args.push('--setenv', name, value);
  // Applied to the command only, after bwrap has built the sandbox (see seccomp-filter.ts).
  if (call.seccompFd !== undefined) args.push('--seccomp', String(call.seccompFd));
  args.push('--', call.command, ...call.args);
  return args;
}

/** The probe run at start-up: can bwrap create its namespaces here at all? */
export function buildBwrapProbeArgs(bwrapPath: string): string[] {
  return ['--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-net', '--die-with-parent', '--new-session', '--cap-drop', 'ALL', '--clearenv', '--', bwrapPath, '--version'];
}
