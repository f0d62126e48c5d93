import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KalguardError } from '../../src/errors';
import { detectSandboxMode } from '../../src/sandbox';
import { eventually, makeRoot, processesWith, request, runnerWith, uniqueSleepSeconds } from './helpers';

describe('without a working bubblewrap', () => {
  it('a missing bwrap means unavailable, and every run is refused (fail closed)', async () => {
    const mode = await detectSandboxMode({ platform: 'linux', bwrapPath: '/nonexistent/bwrap', allowUnconfined: false, rootsConfigured: true });
    expect(mode).toEqual({ mode: 'unavailable', reason: expect.stringContaining('bubblewrap not found at /nonexistent/bwrap') });
    expect(mode.reason).toContain('KALGUARD_ALLOW_UNSAFE=no-os-sandbox');
    const { root, work } = makeRoot();
    const error = await runnerWith(mode, [root]).run(request(work, '/bin/true', [])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalguardError);
    expect((error as KalguardError).code).toBe('ERR_SANDBOX_UNAVAILABLE');
    expect((error as KalguardError).message).toMatch(/^Cannot run the command: no OS sandbox is available \(bubblewrap not found/);
  });

  it('a bwrap that cannot create its sandbox is unavailable too (it is tried, not just found)', async () => {
    const { root } = makeRoot();
    const fake = join(root, 'bwrap');
    writeFileSync(fake, '#!/bin/sh\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n', { mode: 0o755 });
    const mode = await detectSandboxMode({ platform: 'linux', bwrapPath: fake, allowUnconfined: false, rootsConfigured: true });
    expect(mode.mode).toBe('unavailable');
    expect(mode.reason).toContain('cannot create a sandbox here: bwrap: No permissions to create new namespace');
  });

  it('an unsupported platform is unavailable', async () => {
    expect((await detectSandboxMode({ platform: 'win32', bwrapPath: '/usr/bin/bwrap', allowUnconfined: false, rootsConfigured: true })).mode).toBe('unavailable');
  });
});

describe('without KALGUARD_SANDBOX_ROOTS', () => {
  it('execution is off: nothing is probed or spawned, and every run is refused', async () => {
    const { root, work } = makeRoot();
    const spy = join(root, 'bwrap-spy');
    const marker = join(root, 'bwrap-was-run');
    writeFileSync(spy, `#!/bin/sh\ntouch ${marker}\nexit 1\n`, { mode: 0o755 });
    const mode = await detectSandboxMode({ platform: 'linux', bwrapPath: spy, allowUnconfined: true, rootsConfigured: false });
    expect(mode).toEqual({ mode: 'disabled', reason: 'tool execution is off: KALGUARD_SANDBOX_ROOTS is not set' });
    expect(existsSync(marker)).toBe(false);
    const error = await runnerWith(mode, [root]).run(request(work, '/bin/true', [])).catch((e: unknown) => e);
    expect((error as KalguardError).code).toBe('ERR_SANDBOX_REFUSED');
    expect((error as KalguardError).message).toBe('Cannot run the command: tool execution is off (set KALGUARD_SANDBOX_ROOTS to the directories tools may run in)');
    // With roots the probe does run the configured bwrap (so the check above can fail).
    await detectSandboxMode({ platform: 'linux', bwrapPath: spy, allowUnconfined: false, rootsConfigured: true });
    expect(existsSync(marker)).toBe(true);
  });
});

describe('unconfined-override mode (KALGUARD_ALLOW_UNSAFE=no-os-sandbox)', () => {
  it('is chosen only with the override, and says so', async () => {
    const mode = await detectSandboxMode({ platform: 'linux', bwrapPath: '/nonexistent/bwrap', allowUnconfined: true, rootsConfigured: true });
    expect(mode.mode).toBe('unconfined-override');
    expect(mode.reason).toContain('WITHOUT OS confinement');
    // With a working bwrap the override changes nothing: confinement is used whenever it works.
    expect((await detectSandboxMode({ platform: 'linux', bwrapPath: '/usr/bin/bwrap', allowUnconfined: true, rootsConfigured: true })).mode).toBe('bwrap');
  });

  it('still builds the environment from the allowlist, forces the cwd and never uses a shell', async () => {
    process.env['UNCONFINED_TEST_SECRET'] = 'leak-me-not';
    try {
      const { root, work } = makeRoot();
      const runner = runnerWith({ mode: 'unconfined-override', reason: 'test' }, [root]);
      const result = await runner.run(request(work, '/usr/bin/env', [], { env: { A: '1' } }));
      expect(result.stdout.split('\n').filter((l) => l !== '').sort()).toEqual(['A=1', 'PATH=/usr/local/bin:/usr/bin:/bin']);
      expect((await runner.run(request(work, '/bin/pwd', []))).stdout).toBe(`${work}\n`);
      expect((await runner.run(request(work, '/bin/echo', ['$(id)', '*']))).stdout).toBe('$(id) *\n');
      await expect(runner.run(request('/etc', '/bin/pwd', []))).rejects.toThrow(/not under an allowed root/);
    } finally {
      delete process.env['UNCONFINED_TEST_SECRET'];
    }
  });

  it('kills the process group on timeout and after the child exits', async () => {
    const { root, work } = makeRoot();
    const runner = runnerWith({ mode: 'unconfined-override', reason: 'test' }, [root]);
    const marker = uniqueSleepSeconds();
    const running = runner.run(request(work, '/bin/sh', ['-c', `sleep ${marker} & sleep ${marker}`], { timeoutMs: 3_000 }));
    expect(await eventually(() => processesWith(marker).length === 2)).toBe(true);
    expect(await running).toMatchObject({ timedOut: true, exitCode: null });
    expect(await eventually(() => processesWith(marker).length === 0)).toBe(true);

    const marker2 = uniqueSleepSeconds();
    const result = await runner.run(request(work, '/bin/sh', ['-c', `sleep ${marker2} > /dev/null 2>&1 & echo started`]));
    expect(result).toMatchObject({ exitCode: 0, stdout: 'started\n', timedOut: false });
    expect(await eventually(() => processesWith(marker2).length === 0)).toBe(true);
  });

  it('a child that ignores SIGTERM is SIGKILLed after the grace period', async () => {
    const { root, work } = makeRoot();
    const runner = runnerWith({ mode: 'unconfined-override', reason: 'test' }, [root]);
    // The shell says when its trap is set; the timeout is long enough for that on a loaded machine.
    const result = await runner.run(request(work, '/bin/sh', ['-c', 'trap "" TERM; echo trapped; while :; do sleep 0.05; done'], { timeoutMs: 1_500 }));
    expect(result.stdout).toBe('trapped\n');
    expect(result).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGKILL' });
  });
});
