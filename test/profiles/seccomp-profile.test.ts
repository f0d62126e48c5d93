import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTracedLists, renderTracedModule } from '../../build/seccomp-traced-module.mjs';
import { EXEC_RUNTIME_EXTRAS, RUNTIME_EXTRAS, TRACED_SYSCALLS, generateSeccompProfile, renderSeccompProfile, unconditionallyAllowed, type SeccompProfile } from '../../src/profiles';

// The generator (pure) and its committed outputs: the traced lists, the embedded module, the two
// golden profiles. UPDATE_GOLDEN=1 rewrites the golden profiles (npm run trace:syscalls does too).
const ROOT = new URL('../../', import.meta.url);
const traced = TRACED_SYSCALLS.x86_64!;
const strict = generateSeccompProfile({ arch: 'x86_64', tracedSyscalls: traced, allowExec: false });
const exec = generateSeccompProfile({ arch: 'x86_64', tracedSyscalls: traced, allowExec: true });
const rulesFor = (profile: SeccompProfile, name: string) => profile.syscalls.filter((r) => r.names.includes(name));

describe('generateSeccompProfile', () => {
  it('denies by default with EPERM, for the native architecture only', () => {
    expect(strict).toMatchObject({ defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 1, architectures: ['SCMP_ARCH_X86_64'] });
    expect(generateSeccompProfile({ arch: 'aarch64', tracedSyscalls: traced, allowExec: false }).architectures).toEqual(['SCMP_ARCH_AARCH64']);
  });

  it('allows well under 100 syscalls in the strict variant (Docker default: about 360)', () => {
    const names = new Set(strict.syscalls.flatMap((r) => r.names));
    expect(names.size).toBeLessThan(100);
    expect(unconditionallyAllowed(strict).length).toBeLessThan(100);
  });

  it('allows the traced set and every documented extra', () => {
    const allowed = new Set(unconditionallyAllowed(strict));
    for (const name of traced.sidecar.filter((n) => !['socket', 'clone', 'clone3'].includes(n))) expect(allowed.has(name), name).toBe(true);
    for (const extra of RUNTIME_EXTRAS) expect(allowed.has(extra.name), extra.name).toBe(true);
    for (const extra of RUNTIME_EXTRAS) expect(extra.reason.length, extra.name).toBeGreaterThan(10);
  });

  it('never allows the dangerous calls a compromised sidecar would want', () => {
    const all = new Set(strict.syscalls.flatMap((r) => r.names));
    for (const name of ['ptrace', 'mount', 'umount2', 'unshare', 'setns', 'pivot_root', 'chroot', 'fork', 'vfork', 'bpf', 'init_module', 'kexec_load', 'process_vm_readv', 'keyctl', 'perf_event_open']) {
      expect(all.has(name), name).toBe(false);
    }
  });

  it('keeps socket, clone, clone3 and io_uring filtered even when a trace saw them', () => {
    const wide = generateSeccompProfile({ arch: 'x86_64', tracedSyscalls: { sidecar: ['read', 'socket', 'clone', 'clone3', 'io_uring_setup'], exec: [] }, allowExec: false });
    expect(unconditionallyAllowed(wide)).toEqual(expect.not.arrayContaining(['socket', 'clone', 'clone3', 'io_uring_setup']));
    expect(rulesFor(wide, 'clone3')).toEqual([expect.objectContaining({ action: 'SCMP_ACT_ERRNO', errnoRet: 38 })]);
    expect(rulesFor(wide, 'io_uring_setup')).toEqual([expect.objectContaining({ action: 'SCMP_ACT_ERRNO', errnoRet: 38 })]);
  });

  it('limits socket to AF_UNIX/AF_INET/AF_INET6 stream and datagram', () => {
    const socket = rulesFor(strict, 'socket');
    const tuples = socket.map((r) => `${r.args![0]!.value}/${r.args![1]!.valueTwo}`).sort();
    expect(tuples).toEqual(['1/1', '1/2', '10/1', '10/2', '2/1', '2/2']);
    for (const r of socket) expect(r.args![1]).toMatchObject({ index: 1, op: 'SCMP_CMP_MASKED_EQ', value: 0xf });
  });

  it('allows clone for threads only (CLONE_THREAD set, no namespace flag) unless exec is allowed', () => {
    const [clone] = rulesFor(strict, 'clone');
    expect(clone!.args).toEqual([{ index: 0, op: 'SCMP_CMP_MASKED_EQ', value: 0x7e020000 | 0x10000, valueTwo: 0x10000 }]);
    const [execClone] = rulesFor(exec, 'clone');
    expect(execClone!.args).toBeUndefined();
  });

  it('adds process creation and what bwrap needs only with allowExec', () => {
    const strictAllowed = new Set(unconditionallyAllowed(strict));
    const execAllowed = new Set(unconditionallyAllowed(exec));
    for (const name of strictAllowed) expect(execAllowed.has(name), name).toBe(true);
    for (const name of ['mount', 'pivot_root', 'capset', 'umount2', 'setsid']) {
      expect(strictAllowed.has(name), name).toBe(false);
      expect(execAllowed.has(name), name).toBe(true);
    }
    for (const extra of EXEC_RUNTIME_EXTRAS) expect(execAllowed.has(extra.name), extra.name).toBe(true);
    expect(rulesFor(exec, 'socket').some((r) => r.args![0]!.value === 16)).toBe(true);
    expect(rulesFor(strict, 'socket').some((r) => r.args![0]!.value === 16)).toBe(false);
  });

  it('leaves out syscalls the architecture does not have', () => {
    const arm = generateSeccompProfile({ arch: 'aarch64', tracedSyscalls: { sidecar: ['read'], exec: [] }, allowExec: true });
    expect(unconditionallyAllowed(arm)).toEqual(expect.not.arrayContaining(['time', 'fork', 'vfork']));
  });

  it('refuses a list entry that is not a syscall name', () => {
    expect(() => generateSeccompProfile({ arch: 'x86_64', tracedSyscalls: { sidecar: ['read', 'open("x")'], exec: [] }, allowExec: false })).toThrow(
      /Cannot generate seccomp profile: "open\("x"\)" is not a syscall name/,
    );
  });
});

describe('committed seccomp files', () => {
  it('the embedded module is generated from os/seccomp/syscalls*.txt', () => {
    const rendered = renderTracedModule(readTracedLists(new URL('.', ROOT).pathname));
    expect(readFileSync(new URL('src/profiles/seccomp-traced-syscalls.ts', ROOT), 'utf8')).toBe(rendered);
  });

  it.each([
    ['os/seccomp/kalguard-sidecar.json', strict],
    ['os/seccomp/kalguard-sidecar-exec.json', exec],
  ])('%s is the generator output (golden file)', (path, profile) => {
    const expected = `${renderSeccompProfile(profile)}\n`;
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(new URL(path, ROOT), expected);
    expect(readFileSync(new URL(path, ROOT), 'utf8')).toBe(expected);
  });
});

describe('README seccomp figures', () => {
  it('state the numbers of syscalls the committed profiles allow', () => {
    const readme = readFileSync(new URL('README.md', ROOT), 'utf8');
    const allowedNames = (p: SeccompProfile) => new Set(p.syscalls.filter((r) => r.action === 'SCMP_ACT_ALLOW').flatMap((r) => r.names)).size;
    const [, total, plain] = /(\d+) allowed \((\d+) without\s+conditions/.exec(readme) ?? [];
    expect([Number(total), Number(plain)]).toEqual([allowedNames(strict), unconditionallyAllowed(strict).length]);
    expect(Number(/the exec profile allows (\d+)\)/.exec(readme)?.[1])).toBe(allowedNames(exec));
  });
});
