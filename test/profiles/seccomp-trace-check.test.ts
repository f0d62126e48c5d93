import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, RUNNING_AS_ROOT } from '../helpers/sidecar-process';

// The built binary traced again now (strace, the whole workload of build/trace-workload.mjs): the
// committed profiles must still name every syscall it makes, so that code needing a new syscall
// fails here with its name rather than as an EPERM in production.
const script = join(PROJECT_ROOT, 'build/trace-syscalls.mjs');
const hasStrace = spawnSync('strace', ['-V']).status === 0;

describe.skipIf(!RUNNING_AS_ROOT || !hasStrace || process.arch !== 'x64')('trace-syscalls --check', () => {
  it('the committed profiles cover what the binary does now; a profile missing a traced call fails', () => {
    const ok = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8', timeout: 120_000 });
    expect(ok.status, ok.stderr + ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/^ok: the committed profiles cover/m);

    const dir = mkdtempSync(join(tmpdir(), 'kg-trace-check-'));
    const strict = JSON.parse(readFileSync(join(PROJECT_ROOT, 'os/seccomp/kalguard-sidecar.json'), 'utf8'));
    strict.syscalls[0].names = strict.syscalls[0].names.filter((n: string) => n !== 'fdatasync');
    writeFileSync(join(dir, 'kalguard-sidecar.json'), JSON.stringify(strict));
    copyFileSync(join(PROJECT_ROOT, 'os/seccomp/kalguard-sidecar-exec.json'), join(dir, 'kalguard-sidecar-exec.json'));
    const missing = spawnSync(process.execPath, [script, '--check', `--profiles=${dir}`], { encoding: 'utf8', timeout: 120_000 });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/miss syscalls the binary now makes: fdatasync \(strict\)/);
  }, 240_000);
});
