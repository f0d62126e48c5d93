/** Architectures with a traced syscall list. The names are the kernel's, which differ per arch. */
export type SeccompArch = 'x86_64' | 'aarch64';

/** A syscall the profile allows although a trace may not have seen it, and why. */
export interface SyscallExtra {
  readonly name: string;
  readonly reason: string;
  /** Only on these architectures (the syscall does not exist on the others). */
  readonly arches?: readonly SeccompArch[];
}

/**
 * Allowed in every variant: the runtime needs them, but a trace through a normal workload can miss
 * them (they are answered in user space, hit only on signals, crashes or contention, or happen
 * before the traced program runs). README "### seccomp" lists the same table.
 */
export const RUNTIME_EXTRAS: readonly SyscallExtra[] = [
  { name: 'execve', reason: 'the container runtime (runc, crun) or systemd loads the filter and then executes the binary: that execve runs under the filter' },
  { name: 'fstatfs', reason: 'runc, after loading the filter, checks that /proc/self/fd is procfs before closing inherited descriptors (seen with runc 1.1)' },
  { name: 'getdents64', reason: 'runc, after loading the filter, lists /proc/self/fd to mark inherited descriptors close-on-exec' },
  { name: 'rt_sigreturn', reason: 'returning from every signal handler (SIGHUP reload, SIGTERM shutdown)' },
  { name: 'restart_syscall', reason: 'the kernel resumes a sleep or wait interrupted by a signal through it' },
  { name: 'exit', reason: 'a thread ending (libuv pool and V8 platform threads usually end only with the process)' },
  { name: 'exit_group', reason: 'the process ending' },
  { name: 'clock_gettime', reason: 'answered by the vDSO without entering the kernel, so a trace cannot see it; a real syscall where the clock source has no vDSO support (some VMs)' },
  { name: 'clock_getres', reason: 'vDSO, as clock_gettime' },
  { name: 'gettimeofday', reason: 'vDSO, as clock_gettime' },
  { name: 'time', reason: 'vDSO, as clock_gettime', arches: ['x86_64'] },
  { name: 'getcpu', reason: 'vDSO, as clock_gettime' },
  { name: 'tgkill', reason: 'abort() (V8 out of memory, a failed assertion) raises SIGABRT on its own thread; denied, a crash would leave no signal and no core' },
  { name: 'getpid', reason: 'abort(), with tgkill' },
  { name: 'gettid', reason: 'abort(), with tgkill' },
  { name: 'pkey_mprotect', reason: 'V8 protects its JIT code with memory protection keys where the CPU has them; the trace machine has none (pkey_alloc answered EINVAL), so the trace could not see it' },
  { name: 'pkey_free', reason: 'as pkey_mprotect' },
  { name: 'sched_yield', reason: 'V8 and libuv spin locks yield under contention, which a light workload rarely produces' },
  { name: 'nanosleep', reason: "sleeps: libuv's uv_sleep, and the container runtime's own threads between loading the filter and execve" },
  { name: 'clock_nanosleep', reason: 'as nanosleep (glibc implements sleep with it)' },
  { name: 'madvise', reason: 'V8 returns freed heap pages under memory pressure' },
  { name: 'munmap', reason: 'V8 unmaps heap pages after a major GC' },
  { name: 'mremap', reason: 'glibc realloc of large blocks' },
];

/** Added by --allow-exec on top of the traced exec set: process management a trace may not hit. */
export const EXEC_RUNTIME_EXTRAS: readonly SyscallExtra[] = [
  { name: 'wait4', reason: 'reaping a tool process (libuv waitpid)' },
  { name: 'kill', reason: 'killing a timed-out tool and its process group' },
  { name: 'setsid', reason: 'a tool runs in its own session so that its whole group can be killed' },
  { name: 'setpgid', reason: 'as setsid' },
  { name: 'vfork', reason: 'posix_spawn in some libc versions', arches: ['x86_64'] },
  { name: 'fork', reason: 'fork() in older libcs', arches: ['x86_64'] },
];

/** Answered with ENOSYS (not EPERM): callers treat ENOSYS as "not implemented" and fall back. */
export const NOT_IMPLEMENTED: readonly { readonly name: string }[] = [{ name: 'io_uring_setup' }, { name: 'io_uring_enter' }, { name: 'io_uring_register' }];

export const SOCKET_DOMAINS = [
  { name: 'AF_UNIX', value: 1 },
  { name: 'AF_INET', value: 2 },
  { name: 'AF_INET6', value: 10 },
] as const;
export const SOCKET_TYPES = [
  { name: 'SOCK_STREAM', value: 1 },
  { name: 'SOCK_DGRAM', value: 2 },
] as const;
export const AF_NETLINK = 16;
export const NETLINK_ROUTE = 0;
export const SOCK_RAW = 3;
/** The type argument also carries SOCK_NONBLOCK and SOCK_CLOEXEC; the type proper is the low 4 bits. */
export const SOCK_TYPE_MASK = 0xf;

/** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET, as in Docker's default profile. */
export const CLONE_NAMESPACE_FLAGS = 0x7e020000;
export const CLONE_THREAD = 0x00010000;
