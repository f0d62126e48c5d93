import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSeccompProfile } from '../../src/cli';
import { PROJECT_ROOT, runCli } from '../helpers/sidecar-process';

// `kalguard-sidecar seccomp-profile` on the built binary: the profile comes from the lists embedded
// at build time (no file beside the binary), byte for byte the committed golden files.
const golden = (name: string) => readFileSync(join(PROJECT_ROOT, 'os/seccomp', name), 'utf8');
const scratch = () => mkdtempSync(join(tmpdir(), 'kg-seccomp-cli-'));

describe('seccomp-profile command', () => {
  it('writes the strict profile to stdout', async () => {
    const r = await runCli(['seccomp-profile'], {}, undefined, { cwd: scratch() });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(golden('kalguard-sidecar.json'));
  });

  it('writes FILE, and the --allow-exec variant', async () => {
    const dir = scratch();
    expect(await runCli(['seccomp-profile', join(dir, 'strict.json')])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'strict.json'), 'utf8')).toBe(golden('kalguard-sidecar.json'));
    expect(await runCli(['seccomp-profile', '--allow-exec', join(dir, 'exec.json')])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'exec.json'), 'utf8')).toBe(golden('kalguard-sidecar-exec.json'));
  });

  it.each([
    [join('/nonexistent-kg', 'p.json'), /^kalguard-sidecar: Cannot write seccomp profile to \/nonexistent-kg\/p\.json: ENOENT/],
    ['/', /^kalguard-sidecar: Cannot write seccomp profile to \/: EISDIR/],
  ])('cannot write %s: one line on stderr, exit 1', async (file, message) => {
    const r = await runCli(['seccomp-profile', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([[['seccomp-profile', 'a.json', 'b.json']], [['seccomp-profile', '--bogus']], [['seccomp-profile', '--allow-exec=yes']]])('%j is a usage error, exit 2', async (args) => {
    const r = await runCli(args, {}, undefined, { cwd: scratch() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kalguard-sidecar: seccomp-profile: .*\(see --help\)\n$/);
  });

  it('--help documents the exit codes', async () => {
    const r = await runCli(['seccomp-profile', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--allow-exec/);
    expect(r.stdout).toMatch(/Exit 0 written, 1 FILE cannot be written, 2 usage, 3 no syscall list/);
  });

  it('refuses an architecture without a traced list (ERR_NOT_AVAILABLE, exit 3) rather than guessing', async () => {
    const io = { stdout: () => undefined, stderr: () => undefined };
    await expect(runSeccompProfile({ file: undefined, allowExec: false }, 'arm64', io)).rejects.toMatchObject({
      code: 'ERR_NOT_AVAILABLE',
      exitCode: 3,
      message: expect.stringMatching(/^Cannot generate seccomp profile: no syscall list was traced for aarch64/),
    });
    await expect(runSeccompProfile({ file: undefined, allowExec: false }, 'riscv64', io)).rejects.toMatchObject({ exitCode: 3 });
  });
});
