import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSeccompFilter, CLONE_NAMESPACE_FLAGS, SYSCALL_TABLES } from '../../src/sandbox';
import { bwrapRunner, makeRoot, request, runnerWith } from './helpers';

/** A classic-BPF interpreter for the instructions the filter uses, over a struct seccomp_data. */
function evaluate(filter: Buffer, data: { nr: number; arch: number; arg0?: number }): number {
  const word = (offset: number) => (offset === 0 ? data.nr : offset === 4 ? data.arch : offset === 16 ? (data.arg0 ?? 0) : 0);
  let accumulator = 0;
  for (let pc = 0; pc * 8 < filter.length; pc++) {
    const code = filter.readUInt16LE(pc * 8);
    const jt = filter.readUInt8(pc * 8 + 2);
    const jf = filter.readUInt8(pc * 8 + 3);
    const k = filter.readUInt32LE(pc * 8 + 4);
    if (code === 0x20) accumulator = word(k);
    else if (code === 0x06) return k;
    else if (code === 0x15) pc += accumulator === k ? jt : jf;
    else if (code === 0x35) pc += accumulator >= k ? jt : jf;
    else if (code === 0x45) pc += (accumulator & k) !== 0 ? jt : jf;
    else throw new Error(`unexpected BPF code ${code}`);
  }
  throw new Error('the filter fell off its end');
}

const ALLOW = 0x7fff0000;
const EPERM = 0x00050001;
const ENOSYS = 0x00050026;
const KILL = 0x80000000;
/** read, write, openat, execve, exit_group on each architecture. */
const ORDINARY: Record<string, number[]> = { x64: [0, 1, 257, 59, 231], arm64: [63, 64, 56, 221, 94] };

describe.each(Object.entries(SYSCALL_TABLES))('the seccomp filter for %s', (arch, table) => {
  const filter = buildSeccompFilter(table);
  const call = (nr: number, arg0?: number) => evaluate(filter, { nr, arch: table.auditArch, ...(arg0 === undefined ? {} : { arg0 }) });

  it('denies each listed system call with EPERM and allows the others', () => {
    for (const [name, nr] of Object.entries(table.denied)) expect(call(nr), name).toBe(EPERM);
    for (const nr of ORDINARY[arch]!) expect(call(nr)).toBe(ALLOW);
  });

  it('allows clone for threads and processes, but not with a namespace flag; clone3 is ENOSYS', () => {
    const CLONE_THREAD_FLAGS = 0x003d0f00;
    expect(call(table.clone, CLONE_THREAD_FLAGS)).toBe(ALLOW);
    expect(call(table.clone, 0x11)).toBe(ALLOW); // SIGCHLD: fork()
    for (const flag of [0x10000000, 0x20000000, 0x40000000, 0x00020000]) expect(call(table.clone, 0x11 | flag)).toBe(EPERM);
    expect(CLONE_NAMESPACE_FLAGS & CLONE_THREAD_FLAGS).toBe(0);
    expect(call(table.clone3)).toBe(ENOSYS);
  });

  it('kills a system call of another architecture (whose numbers the filter does not know)', () => {
    expect(evaluate(filter, { nr: 26, arch: 0x40000003 })).toBe(KILL); // i386 ptrace
    if (table.x32Bit !== undefined) expect(call(table.x32Bit + 101)).toBe(KILL);
  });
});

describe('the syscall numbers', () => {
  const numbersIn = (header: string) =>
    new Map([...readFileSync(header, 'utf8').matchAll(/^#define __NR(?:3264)?_([a-z0-9_]+)\s+(\d+)\s*$/gm)].map((m) => [m[1]!, Number(m[2])]));

  it.runIf(existsSync('/usr/include/x86_64-linux-gnu/asm/unistd_64.h'))('match the kernel headers (x86_64)', () => {
    const numbers = numbersIn('/usr/include/x86_64-linux-gnu/asm/unistd_64.h');
    for (const [name, nr] of Object.entries(SYSCALL_TABLES['x64']!.denied)) expect(nr, name).toBe(numbers.get(name));
    expect([SYSCALL_TABLES['x64']!.clone, SYSCALL_TABLES['x64']!.clone3]).toEqual([numbers.get('clone'), numbers.get('clone3')]);
  });

  it.runIf(existsSync('/usr/include/asm-generic/unistd.h'))('match the kernel headers (arm64 uses the generic table)', () => {
    const numbers = numbersIn('/usr/include/asm-generic/unistd.h');
    for (const [name, nr] of Object.entries(SYSCALL_TABLES['arm64']!.denied)) expect(nr, name).toBe(numbers.get(name));
    expect([SYSCALL_TABLES['arm64']!.clone, SYSCALL_TABLES['arm64']!.clone3]).toEqual([numbers.get('clone'), numbers.get('clone3')]);
  });
});

describe('inside bwrap', () => {
  const probe = [
    'perl -e \'print syscall(101, 0, 0, 0, 0) == -1 ? "ptrace: $!\\n" : "ptrace: ok\\n"\'',
    'unshare -U true 2>/dev/null && echo "unshare: ok" || echo "unshare: refused"',
    'perl -e \'print syscall(425, 1, 0) == -1 ? "io_uring: $!\\n" : "io_uring: ok\\n"\'',
    'echo "fork: $(echo works)"',
  ].join('\n');

  it.runIf(process.arch === 'x64')('a tool cannot trace, make namespaces or use io_uring; it can still fork', async () => {
    const { root, work } = makeRoot();
    const runner = await bwrapRunner([root]);
    const result = await runner.run(request(work, '/bin/sh', ['-c', probe]));
    expect(result.stdout.trim().split('\n')).toEqual(['ptrace: Operation not permitted', 'unshare: refused', 'io_uring: Operation not permitted', 'fork: works']);
  });

  it.runIf(process.arch === 'x64' && process.getuid?.() === 0)('the same probe succeeds without the filter (so the check can fail)', async () => {
    const { root, work } = makeRoot();
    const result = await runnerWith({ mode: 'unconfined-override', reason: 'test' }, [root]).run(request(work, '/bin/sh', ['-c', probe]));
    expect(result.stdout).toContain('ptrace: ok');
    expect(result.stdout).toContain('unshare: ok');
  });
});
