/*
 * Per-run resource limits (setrlimit), applied by util-linux prlimit started as the command inside
 * the sandbox: `prlimit --data=… -- <command> <args…>` sets the limits on itself, then execs the
 * command, so they bind the command and everything it starts (limits are inherited across fork and
 * execve), while bwrap's own set-up runs unlimited. Pure: the argv is built here, the runner
 * decides where it goes.
 *
 * What each limit gives, measured on Linux 6.x (test/sandbox/resource-limits.test.ts):
 *  - memory: RLIMIT_DATA, not RLIMIT_AS. Since Linux 4.7 RLIMIT_DATA counts heap AND private
 *    writable mappings (every malloc/mmap a memory hog can make), but not PROT_NONE reservations;
 *    V8 (node) reserves gigabytes of address space it never touches, so RLIMIT_AS at 512 MiB
 *    kills node at start-up while RLIMIT_DATA at 128 MiB does not. Per process, not per run.
 *  - CPU: RLIMIT_CPU, soft at the limit (SIGXCPU), hard one second later (SIGKILL). Per process:
 *    N processes may use N times as much; the wall-clock timeout still bounds the run.
 *  - file size: RLIMIT_FSIZE; writing past it fails with EFBIG after SIGXFSZ (default action: end
 *    the process). Per file, not a disk quota: many files each under the cap are not stopped.
 *  - open files: RLIMIT_NOFILE, per process.
 *  - processes: RLIMIT_NPROC counts the processes of the REAL uid in the caller's user namespace
 *    and the kernel ignores it for root. When the sidecar runs as a non-root user, bwrap creates a
 *    user namespace, so the count is that of the run (bwrap's own one or two processes included),
 *    not of the sidecar's threads: a fork bomb stops at the limit. When the sidecar runs as root
 *    it is NOT enforced; the PID namespace, the memory limit, the timeout and the kill of the whole
 *    namespace at the end are then what contain a fork bomb (a cgroup pids.max would be needed).
 *  - core dumps: RLIMIT_CORE 0, so a crashing tool writes no core file into the working directory.
 */

/** util-linux prlimit (Essential in Debian): under /usr, so visible inside the sandbox read-only. */
export const PRLIMIT_PATH = '/usr/bin/prlimit';

export interface ResourceLimitSettings {
  readonly maxMemoryBytes: number;
  readonly maxFileBytes: number;
  readonly maxOpenFiles: number;
  readonly maxProcesses: number;
  readonly maxCpuSeconds: number;
}

/** The limits of one run, as applied. */
export interface ResourceLimits {
  readonly memoryBytes: number;
  readonly fileBytes: number;
  readonly openFiles: number;
  readonly processes: number;
  /** Soft limit (SIGXCPU); the hard limit (SIGKILL) is one second more. */
  readonly cpuSeconds: number;
}

/** CPU time never exceeds the run's wall-clock timeout: one process cannot use more than that. */
export function limitsForRun(settings: ResourceLimitSettings, timeoutMs: number): ResourceLimits {
  return {
    memoryBytes: settings.maxMemoryBytes,
    fileBytes: settings.maxFileBytes,
    openFiles: settings.maxOpenFiles,
    processes: settings.maxProcesses,
    cpuSeconds: Math.max(1, Math.min(settings.maxCpuSeconds, Math.ceil(timeoutMs / 1000))),
  };
}

/** prlimit's options, ending with `--`; the command and its arguments follow. */
export function buildPrlimitArgs(limits: ResourceLimits): string[] {
  return [
    `--data=${limits.memoryBytes}`,
    `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`,
    `--fsize=${limits.fileBytes}`,
    `--nofile=${limits.openFiles}`,
    `--nproc=${limits.processes}`,
    '--core=0',
    '--',
  ];
}
