/*
 * A small seccomp filter for the command inside bwrap (`--seccomp FD`): classic BPF, generated
 * here without libseccomp. Allow by default; deny (EPERM) the system calls a tool has no business
 * making and that are the usual ways out or into the kernel's less-trodden paths: tracing other
 * processes, kernel keyrings, eBPF, perf, userfaultfd, io_uring, module and kexec loading,
 * mounting, and new namespaces (unshare, setns, clone with a CLONE_NEW* flag; clone3, whose flags
 * a filter cannot read, answers ENOSYS so that libc falls back to clone). Another architecture's
 * system calls (i386 or x32 on x86_64) are not allowed at all: their numbers differ, and a filter
 * keyed on one table would let the other through.
 */

export interface SyscallTable {
  /** AUDIT_ARCH_* value the kernel reports in seccomp_data.arch. */
  readonly auditArch: number;
  /** System call numbers to deny with EPERM. */
  readonly denied: Readonly<Record<string, number>>;
  readonly clone: number;
  readonly clone3: number;
  /** x86_64: numbers at or above this are the x32 ABI. */
  readonly x32Bit?: number;
}

const COMMON_DENIED = [
  'ptrace', 'process_vm_readv', 'process_vm_writev', 'keyctl', 'add_key', 'request_key', 'bpf', 'perf_event_open', 'userfaultfd',
  'kexec_load', 'kexec_file_load', 'init_module', 'finit_module', 'delete_module', 'io_uring_setup', 'io_uring_enter', 'io_uring_register',
  'open_by_handle_at', 'name_to_handle_at', 'acct', 'swapon', 'swapoff', 'reboot', 'unshare', 'setns', 'mount', 'umount2', 'pivot_root',
  'chroot', 'fsopen', 'fsconfig', 'fsmount', 'move_mount', 'open_tree', 'mount_setattr', 'quotactl', 'syslog',
] as const;

type Numbers = Record<(typeof COMMON_DENIED)[number] | 'clone' | 'clone3', number>;

// From the kernel's tables (asm/unistd_64.h; asm-generic/unistd.h for arm64); a test compares
// them with the headers when the machine has them.
const X86_64: Numbers = {
  ptrace: 101, process_vm_readv: 310, process_vm_writev: 311, keyctl: 250, add_key: 248, request_key: 249, bpf: 321, perf_event_open: 298,
  userfaultfd: 323, kexec_load: 246, kexec_file_load: 320, init_module: 175, finit_module: 313, delete_module: 176, io_uring_setup: 425,
  io_uring_enter: 426, io_uring_register: 427, open_by_handle_at: 304, name_to_handle_at: 303, acct: 163, swapon: 167, swapoff: 168,
  reboot: 169, unshare: 272, setns: 308, mount: 165, umount2: 166, pivot_root: 155, chroot: 161, fsopen: 430, fsconfig: 431, fsmount: 432,
  move_mount: 429, open_tree: 428, mount_setattr: 442, quotactl: 179, syslog: 103, clone: 56, clone3: 435,
};
const AARCH64: Numbers = {
  ptrace: 117, process_vm_readv: 270, process_vm_writev: 271, keyctl: 219, add_key: 217, request_key: 218, bpf: 280, perf_event_open: 241,
  userfaultfd: 282, kexec_load: 104, kexec_file_load: 294, init_module: 105, finit_module: 273, delete_module: 106, io_uring_setup: 425,
  io_uring_enter: 426, io_uring_register: 427, open_by_handle_at: 265, name_to_handle_at: 264, acct: 89, swapon: 224, swapoff: 225,
  reboot: 142, unshare: 97, setns: 268, mount: 40, umount2: 39, pivot_root: 41, chroot: 51, fsopen: 430, fsconfig: 431, fsmount: 432,
  move_mount: 429, open_tree: 428, mount_setattr: 442, quotactl: 60, syslog: 116, clone: 220, clone3: 435,
};

function table(auditArch: number, numbers: Numbers, x32Bit?: number): SyscallTable {
  const denied = Object.fromEntries(COMMON_DENIED.map((name) => [name, numbers[name]]));
  return { auditArch, denied, clone: numbers.clone, clone3: numbers.clone3, ...(x32Bit === undefined ? {} : { x32Bit }) };
}

/** Keyed by Node's process.arch. Other architectures run without the filter (documented). */
export const SYSCALL_TABLES: Readonly<Record<string, SyscallTable>> = {
  x64: table(0xc000003e, X86_64, 0x40000000),
  arm64: table(0xc00000b7, AARCH64),
};

const BPF_LD_W_ABS = 0x20;
const BPF_JEQ_K = 0x15;
const BPF_JGE_K = 0x35;
const BPF_JSET_K = 0x45;
const BPF_RET_K = 0x06;
const RET_ALLOW = 0x7fff0000;
const RET_ERRNO = 0x00050000;
const RET_KILL_PROCESS = 0x80000000;
const EPERM = 1;
const ENOSYS = 38;
/** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET | NEWTIME. */
export const CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x00000080;
/** Offsets in struct seccomp_data; the low half of args[0] on a little-endian machine. */
const NR = 0;
const ARCH = 4;
const ARG0_LOW = 16;

interface Instruction {
  readonly code: number;
  readonly k: number;
  /** Jump targets by label (resolved to relative offsets); absent: fall through. */
  readonly jt?: string;
  readonly jf?: string;
}

/** The filter as the bytes of a struct sock_filter array, ready for bwrap --seccomp. */
export function buildSeccompFilter(syscalls: SyscallTable): Buffer {
  const program: Instruction[] = [
    { code: BPF_LD_W_ABS, k: ARCH },
    { code: BPF_JEQ_K, k: syscalls.auditArch, jf: 'kill' },
    { code: BPF_LD_W_ABS, k: NR },
  ];
  if (syscalls.x32Bit !== undefined) program.push({ code: BPF_JGE_K, k: syscalls.x32Bit, jt: 'kill' });
  for (const nr of Object.values(syscalls.denied)) program.push({ code: BPF_JEQ_K, k: nr, jt: 'eperm' });
  program.push({ code: BPF_JEQ_K, k: syscalls.clone3, jt: 'enosys' });
  program.push({ code: BPF_JEQ_K, k: syscalls.clone, jf: 'allow' });
  program.push({ code: BPF_LD_W_ABS, k: ARG0_LOW });
  program.push({ code: BPF_JSET_K, k: CLONE_NAMESPACE_FLAGS, jt: 'eperm' });
  const labels = { allow: program.length, eperm: program.length + 1, enosys: program.length + 2, kill: program.length + 3 };
  program.push({ code: BPF_RET_K, k: RET_ALLOW }, { code: BPF_RET_K, k: RET_ERRNO | EPERM }, { code: BPF_RET_K, k: RET_ERRNO | ENOSYS }, { code: BPF_RET_K, k: RET_KILL_PROCESS });

  const bytes = Buffer.alloc(program.length * 8);
  program.forEach((instruction, index) => {
    const offset = (label: string | undefined): number => {
      if (label === undefined) return 0;
      const distance = labels[label as keyof typeof labels] - index - 1;
      if (distance < 0 || distance > 255) throw new Error(`seccomp filter: jump to ${label} out of range`);
      return distance;
    };
    bytes.writeUInt16LE(instruction.code, index * 8);
    bytes.writeUInt8(offset(instruction.jt), index * 8 + 2);
    bytes.writeUInt8(offset(instruction.jf), index * 8 + 3);
    bytes.writeUInt32LE(instruction.k >>> 0, index * 8 + 4);
  });
  return bytes;
}
