import { chownSync, mkdirSync, mkdtempSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KalguardError } from '../../src/errors';
import { buildPrlimitArgs, limitsForRun, type SandboxModeInfo } from '../../src/sandbox';
import { NOBODY, RUNNING_AS_ROOT, runCli } from '../helpers/sidecar-process';
import { bwrapRunner, DEFAULT_LIMITS, eventually, makeRoot, processesWith, request, runnerWith, uniqueSleepSeconds } from './helpers';

// Resource limits with real bwrap and real processes: each limit is shown to stop what it should,
// and (where cheap) the same program is shown to succeed without the limit, so the check can fail.

const MiB = 1024 * 1024;
const PYTHON = '/usr/bin/python3';

/** Forks until fork fails (or `tries` children exist); children sleep with `marker` in argv. */
const FORK_LOOP = `import os, sys, time
n = 0
for i in range(int(sys.argv[2])):
    try:
        pid = os.fork()
    except OSError as e:
        print("failed after", n, e.errno); sys.exit(0)
    if pid == 0:
        time.sleep(float(sys.argv[1])); os._exit(0)
    n += 1
print("forked", n)`;

describe('the prlimit command line', () => {
  it('sets every limit, the CPU limit soft:hard and never above the timeout', () => {
    const limits = limitsForRun({ ...DEFAULT_LIMITS, maxCpuSeconds: 300 }, 10_000);
    expect(limits).toEqual({ memoryBytes: 1_073_741_824, fileBytes: 67_108_864, openFiles: 256, processes: 128, cpuSeconds: 10 });
    expect(buildPrlimitArgs(limits)).toEqual(['--data=1073741824', '--cpu=10:11', '--fsize=67108864', '--nofile=256', '--nproc=128', '--core=0', '--']);
    expect(limitsForRun({ ...DEFAULT_LIMITS, maxCpuSeconds: 2 }, 60_000).cpuSeconds).toBe(2);
    expect(limitsForRun(DEFAULT_LIMITS, 1).cpuSeconds).toBe(1);
    expect(limitsForRun(DEFAULT_LIMITS, 1_001).cpuSeconds).toBe(2);
  });
});

describe('resource limits under bwrap', () => {
  it('the command and its children run with the configured limits (seen in /proc/self/limits)', async () => {
    const { root, work } = makeRoot();
    const runner = await bwrapRunner([root], { maxMemoryBytes: 256 * MiB, maxFileBytes: 3 * MiB, maxOpenFiles: 64, maxProcesses: 40, maxCpuSeconds: 7 });
    // A grandchild (cat started by sh) reads its own limits: they are inherited.
    const result = await runner.run(request(work, '/bin/sh', ['-c', 'cat /proc/self/limits'], { timeoutMs: 60_000 }));
    expect(result.exitCode).toBe(0);
    // The result says what the run was given (CPU: the 7 s cap, below the 60 s timeout).
    expect(result.limits).toEqual({ memoryBytes: 256 * MiB, fileBytes: 3 * MiB, openFiles: 64, processes: 40, cpuSeconds: 7 });
    const row = (name: string) => result.stdout.split('\n').find((l) => l.startsWith(name))?.split(/\s{2,}/).slice(1, 3);
    expect(row('Max data size')).toEqual([String(256 * MiB), String(256 * MiB)]);
    expect(row('Max file size')).toEqual([String(3 * MiB), String(3 * MiB)]);
    expect(row('Max open files')).toEqual(['64', '64']);
    expect(row('Max processes')).toEqual(['40', '40']);
    expect(row('Max cpu time')).toEqual(['7', '8']);
    expect(row('Max core file size')).toEqual(['0', '0']);
  });

  it('a memory hog is stopped while a small allocation works, and node (V8) still starts', async () => {
    const { root, work } = makeRoot();
    const small = await bwrapRunner([root], { maxMemoryBytes: 128 * MiB });
    const hog = await small.run(request(work, PYTHON, ['-c', 'b = bytearray(200 << 20); print("survived")']));
    expect(hog.exitCode).not.toBe(0);
    expect(hog.stdout).not.toContain('survived');
    expect(hog.stderr).toContain('MemoryError');
    const modest = await small.run(request(work, PYTHON, ['-c', 'b = bytearray(16 << 20); print("ok", len(b))']));
    expect(modest).toMatchObject({ exitCode: 0, stdout: `ok ${16 * MiB}\n` });
    // RLIMIT_DATA rather than RLIMIT_AS: V8 reserves far more address space than it uses.
    const node = await small.run(request(work, '/usr/bin/node', ['-e', 'console.log(1 + 1)']));
    expect(node).toMatchObject({ exitCode: 0, stdout: '2\n' });
    // The same hog with a limit above its size: the limit, not the program, stopped it above.
    const roomy = await bwrapRunner([root], { maxMemoryBytes: 1024 * MiB });
    expect(await roomy.run(request(work, PYTHON, ['-c', 'b = bytearray(200 << 20); print("survived")']))).toMatchObject({ exitCode: 0, stdout: 'survived\n' });
  });

  it('a file bigger than the cap cannot be written (SIGXFSZ ends the writer; EFBIG when it is ignored)', async () => {
    const { root, work } = makeRoot();
    const runner = await bwrapRunner([root], { maxFileBytes: 1 * MiB });
    const killed = await runner.run(request(work, '/bin/sh', ['-c', 'head -c 3000000 /dev/zero > big; echo "head: $?"; head -c 1000 /dev/zero > small; echo "small: $?"']));
    expect(killed.stdout).toBe('head: 153\nsmall: 0\n'); // 128 + SIGXFSZ (25)
    expect(statSync(join(work, 'big')).size).toBe(1 * MiB);
    expect(statSync(join(work, 'small')).size).toBe(1000);
    const efbig = await runner.run(
      request(work, PYTHON, ['-c', 'import signal, os\nsignal.signal(signal.SIGXFSZ, signal.SIG_IGN)\nfd = os.open("py", os.O_WRONLY | os.O_CREAT)\nos.write(fd, b"x" * (1 << 20))\ntry:\n    os.write(fd, b"x")\nexcept OSError as e:\n    print("errno", e.errno)']),
    );
    expect(efbig).toMatchObject({ exitCode: 0, stdout: 'errno 27\n' }); // EFBIG
    expect(statSync(join(work, 'py')).size).toBe(1 * MiB);
  });

  it('the CPU limit ends a busy loop long before the timeout', async () => {
    const { root, work } = makeRoot();
    const runner = await bwrapRunner([root], { maxCpuSeconds: 1 });
    const result = await runner.run(request(work, '/bin/sh', ['-c', 'while :; do :; done'], { timeoutMs: 120_000 }));
    expect(result.timedOut).toBe(false);
    // SIGXCPU (24) at the soft limit; SIGKILL (9) at the hard one if SIGXCPU was ignored.
    expect([128 + 24, 128 + 9]).toContain(result.exitCode);
  });

  it('open files are capped per process (EMFILE)', async () => {
    const { root, work } = makeRoot();
    const runner = await bwrapRunner([root], { maxOpenFiles: 16 });
    const script = 'import os\nn = 0\ntry:\n    while n < 100:\n        os.open("/dev/null", os.O_RDONLY); n += 1\nexcept OSError as e:\n    print("errno", e.errno, n < 16)';
    expect(await runner.run(request(work, PYTHON, ['-c', script]))).toMatchObject({ exitCode: 0, stdout: 'errno 24 True\n' });
  });

  it.runIf(RUNNING_AS_ROOT)('as root the process limit is NOT enforced (documented), yet nothing of a fork loop survives the run', async () => {
    const { root, work } = makeRoot();
    const runner = await bwrapRunner([root], { maxProcesses: 8 });
    const marker = uniqueSleepSeconds();
    const result = await runner.run(request(work, PYTHON, ['-c', FORK_LOOP, marker, '40']));
    expect(result).toMatchObject({ exitCode: 0, stdout: 'forked 40\n' });
    expect(await eventually(() => processesWith(marker).length === 0)).toBe(true);
  });

  it('refuses every run when prlimit is missing (fail closed), instead of running without limits', async () => {
    const { root, work } = makeRoot();
    const bwrap = await bwrapRunner([root], { prlimitPath: '/nonexistent/prlimit' });
    const unconfined: SandboxModeInfo = { mode: 'unconfined-override', reason: 'test' };
    for (const runner of [bwrap, runnerWith(unconfined, [root], { prlimitPath: '/nonexistent/prlimit' })]) {
      const error = await runner.run(request(work, '/bin/true', [])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KalguardError);
      expect((error as KalguardError).code).toBe('ERR_SANDBOX_UNAVAILABLE');
      expect((error as KalguardError).message).toBe('Cannot run the command: /nonexistent/prlimit (util-linux) is missing, so the resource limits cannot be applied');
      expect(runner.active()).toBe(0);
    }
  });

  it('unconfined-override applies the same limits', async () => {
    const { root, work } = makeRoot();
    const runner = runnerWith({ mode: 'unconfined-override', reason: 'test' }, [root], { maxMemoryBytes: 128 * MiB });
    expect(await runner.run(request(work, PYTHON, ['-c', 'b = bytearray(200 << 20); print("survived")']))).toMatchObject({ exitCode: 1, stdout: '' });
  });
});

describe.runIf(RUNNING_AS_ROOT)('the process limit, sidecar as uid 65534 (the built binary)', () => {
  it('stops a fork loop at the limit, and nothing survives the run', async () => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'kg-nproc-')));
    const work = join(base, 'work');
    mkdirSync(work);
    for (const path of [base, work]) chownSync(path, NOBODY, NOBODY);
    const marker = uniqueSleepSeconds();
    const exec = (maxProcesses: string, forks: string) =>
      runCli(['exec', '--cwd', work, '--', PYTHON, '-c', FORK_LOOP, marker, forks], { KALGUARD_SANDBOX_ROOTS: base, KALGUARD_SANDBOX_MAX_PROCESSES: maxProcesses, KALGUARD_ALLOW_UNSAFE: undefined }, undefined, {
        uid: NOBODY,
        cwd: work,
      });
    const limited = await exec('16', '200');
    expect(limited.code).toBe(0);
    const out = JSON.parse(limited.stdout) as { exitCode: number; stdout: string };
    // bwrap (one or two processes) and python itself count too: fewer than 16 children.
    expect(out.stdout).toMatch(/^failed after (\d+) 11\n$/); // EAGAIN
    expect(Number(/after (\d+)/.exec(out.stdout)?.[1])).toBeLessThan(16);
    expect(await eventually(() => processesWith(marker).length === 0)).toBe(true);
    // With room for them, the same loop forks all 40: the limit, not the loop, stopped it above.
    const roomy = JSON.parse((await exec('128', '40')).stdout) as { stdout: string };
    expect(roomy.stdout).toBe('forked 40\n');
    expect(await eventually(() => processesWith(marker).length === 0)).toBe(true);
  });
});
