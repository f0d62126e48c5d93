import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyTraces } from '../../build/strace-classify.mjs';
import { parseSyscallList } from '../../build/seccomp-traced-module.mjs';

// How build/trace-syscalls.mjs reads strace -ff output: the binary's own process (all its threads)
// versus the processes it starts, which only the --allow-exec profile may cover.
const BINARY = '/opt/kg/kalguard-sidecar';

function traces(files: Record<string, string[]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kg-strace-'));
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  return dir;
}

describe('classifyTraces', () => {
  it('puts the binary and its threads in own, spawned processes and their descendants in children', () => {
    const dir = traces({
      'serve.100': [
        `execve("${BINARY}", ["${BINARY}"], 0x7ffd /* 5 vars */) = 0`,
        'openat(AT_FDCWD, "/etc/policy.json", O_RDONLY|O_CLOEXEC) = 3',
        'clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM, exit_signal=0} => {parent_tid=[101]}, 88) = 101',
        'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 200',
        'wait4(200, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 200',
        '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=200} ---',
        '+++ exited with 0 +++',
      ],
      'serve.101': ['futex(0x7f, FUTEX_WAIT_PRIVATE, 0, NULL) = 0', 'fdatasync(4) = 0'],
      'serve.200': ['execve("/usr/bin/bwrap", ["bwrap"], 0x1 /* 0 vars */) = 0', 'clone(child_stack=NULL, flags=CLONE_NEWNS|CLONE_NEWPID|SIGCHLD) = 201', 'pivot_root(".", ".") = 0'],
      'serve.201': ['mount(NULL, "/", NULL, MS_REC|MS_SLAVE, NULL) = 0', 'syscall_0x1b6(0x1, 0x2) = -1 ENOSYS (Function not implemented)'],
    });
    const { own, children } = classifyTraces(dir, BINARY);
    expect([...own].sort()).toEqual(['clone', 'clone3', 'execve', 'fdatasync', 'futex', 'openat', 'wait4']);
    expect([...children].sort()).toEqual(['clone', 'execve', 'mount', 'pivot_root', 'syscall_0x1b6']);
  });

  it('keeps only what a launcher process does from the binary\'s execve on (systemd-socket-activate)', () => {
    const dir = traces({
      'activated.300': [
        'execve("/usr/bin/systemd-socket-activate", ["systemd-socket-activate"], 0x1 /* 3 vars */) = 0',
        'socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3',
        'ppoll([{fd=3, events=POLLIN}], 1, NULL, NULL, 0) = 1 ([{fd=3, revents=POLLIN}])',
        `execve("${BINARY}", ["${BINARY}"], 0x1 /* 5 vars */) = 0`,
        'accept4(3, NULL, NULL, SOCK_CLOEXEC|SOCK_NONBLOCK) = 4',
      ],
    });
    expect([...classifyTraces(dir, BINARY).own].sort()).toEqual(['accept4', 'execve']);
  });

  it('a trace without the binary (the exec workload) is all children', () => {
    const dir = traces({ 'exec.400': ['execve("/usr/bin/node", ["node"], 0x1 /* 1 var */) = 0', 'wait4(-1, NULL, 0, NULL) = 401'] });
    expect(classifyTraces(dir, BINARY)).toEqual({ own: new Set(), children: new Set(['execve', 'wait4']) });
  });
});

describe('parseSyscallList', () => {
  it('reads one name a line and ignores comments and blank lines', () => {
    expect(parseSyscallList('# header\nread\n\nwrite # trailing\n  openat  \n')).toEqual(['read', 'write', 'openat']);
  });
});
