import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KalguardError } from '../../src/errors';
import { buildChildEnv, type SandboxRunner } from '../../src/sandbox';
import { bwrapRunner, eventually, makeRoot, processesWith, request, uniqueSleepSeconds } from './helpers';

// Real processes under real bubblewrap (CI installs it and runs as root, where bwrap works).
let runner: SandboxRunner;
let root: string;
let work: string;

beforeAll(async () => {
  ({ root, work } = makeRoot());
  runner = await bwrapRunner([root]);
});

async function refusal(promise: Promise<unknown>): Promise<KalguardError> {
  const error = await promise.then(
    () => expect.fail('the run was not refused'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KalguardError);
  return error as KalguardError;
}

describe('bwrap mode', () => {
  it('is detected and reported with the bwrap version', () => {
    expect(runner.mode.mode).toBe('bwrap');
    expect(runner.mode.reason).toContain('bubblewrap');
  });

  it('runs a command and returns the one result shape', async () => {
    const result = await runner.run(request(work, '/bin/sh', ['-c', 'echo out; echo err >&2; exit 7']));
    expect(result).toEqual({
      exitCode: 7,
      signal: null,
      timedOut: false,
      stdout: 'out\n',
      stderr: 'err\n',
      stdoutTruncated: false,
      stderrTruncated: false,
      durationMs: expect.any(Number),
      limits: { memoryBytes: 1_073_741_824, fileBytes: 67_108_864, openFiles: 256, processes: 128, cpuSeconds: 10 },
    });
  });

  it('feeds stdin bytes and closes it', async () => {
    const result = await runner.run(request(work, '/bin/cat', [], { stdin: Buffer.from('{"a":1}') }));
    expect(result.stdout).toBe('{"a":1}');
    // Without stdin the child sees end-of-file at once instead of hanging.
    expect((await runner.run(request(work, '/bin/cat', []))).stdout).toBe('');
  });
});

describe('environment isolation', () => {
  const SECRET = 'sidecar-secret-8f3a1c';
  const OTHER = 'other-secret-55e0b7';

  beforeAll(() => {
    // The test process plays the sidecar: its environment holds the secrets.
    process.env['KALGUARD_TOKEN_SECRET_FOR_TEST'] = SECRET;
    process.env['DATABASE_PASSWORD'] = OTHER;
  });
  afterAll(() => {
    delete process.env['KALGUARD_TOKEN_SECRET_FOR_TEST'];
    delete process.env['DATABASE_PASSWORD'];
  });

  it("gives the child only its allowlist: the sidecar's secrets are absent, also from /proc/1/environ", async () => {
    const env = buildChildEnv({ inherit: ['LANG', 'HOME'], values: { TOOL_MODE: 'x' } }, process.env);
    const result = await runner.run(request(work, '/bin/sh', ['-c', 'env; echo ---; cat /proc/1/environ | tr "\\0" "\\n"; echo ---; cat /proc/*/environ | tr "\\0" "\\n"'], { env }));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stdout).not.toContain(OTHER);
    expect(result.stdout).not.toContain('KALGUARD');
    const own = result.stdout.split('---')[0]!.trim().split('\n').map((l) => l.split('=')[0]).sort();
    expect(own).toEqual(['HOME', 'LANG', 'PATH', 'PWD', 'TOOL_MODE'].filter((n) => n !== 'LANG' || process.env['LANG'] !== undefined).filter((n) => n !== 'HOME' || process.env['HOME'] !== undefined).sort());
  });

  it('the same check sees a secret that IS passed (so it can fail)', async () => {
    const env = buildChildEnv({ inherit: ['DATABASE_PASSWORD'], values: {} }, process.env);
    const result = await runner.run(request(work, '/usr/bin/env', [], { env }));
    expect(result.stdout).toContain(OTHER);
  });

  it('refuses to pass any KALGUARD_* variable, even when named', async () => {
    expect(() => buildChildEnv({ inherit: ['KALGUARD_TOKEN_SECRET_FOR_TEST'], values: {} }, process.env)).toThrow(/reserved/);
    const error = await refusal(runner.run(request(work, '/usr/bin/env', [], { env: { kalguard_token_secret: 'x' } })));
    expect(error.code).toBe('ERR_SANDBOX_REFUSED');
  });
});

describe('working directory', () => {
  it('runs in the realpath of the working directory', async () => {
    const result = await runner.run(request(work, '/bin/pwd', []));
    expect(result.stdout.trim()).toBe(work);
  });

  it('refuses a directory outside the allowed roots', async () => {
    const error = await refusal(runner.run(request('/etc', '/bin/pwd', [])));
    expect(error.code).toBe('ERR_SANDBOX_REFUSED');
    expect(error.message).toBe(`Cannot run the command: working directory /etc is not under an allowed root (${root})`);
  });

  it('refuses a symlink inside a root that escapes it', async () => {
    const link = join(root, 'escape');
    symlinkSync('/etc', link);
    const error = await refusal(runner.run(request(link, '/bin/pwd', [])));
    expect(error.message).toContain(`${link} (resolves to /etc) is not under an allowed root`);
    // A sibling whose name merely starts with the root's name is not under it either.
    const sibling = `${root}-sibling`;
    mkdirSync(sibling, { recursive: true });
    expect((await refusal(runner.run(request(sibling, '/bin/pwd', [])))).message).toContain('is not under an allowed root');
  });

  it('refuses a missing directory, a file, and a relative path', async () => {
    expect((await refusal(runner.run(request(join(root, 'nope'), '/bin/pwd', [])))).message).toContain('does not exist');
    writeFileSync(join(root, 'file'), 'x');
    expect((await refusal(runner.run(request(join(root, 'file'), '/bin/pwd', [])))).message).toContain('is not a directory');
    expect((await refusal(runner.run(request('work', '/bin/pwd', [])))).message).toContain('is not an absolute path');
  });
});

describe('the command', () => {
  it('must be absolute, existing, executable and visible inside the sandbox', async () => {
    expect((await refusal(runner.run(request(work, 'sh', [])))).message).toContain('is not an absolute path');
    expect((await refusal(runner.run(request(work, '/usr/bin/no-such-tool', [])))).message).toContain('does not exist');
    writeFileSync(join(work, 'script.sh'), '#!/bin/sh\necho hi\n');
    expect((await refusal(runner.run(request(work, join(work, 'script.sh'), [])))).message).toContain('is not executable');
    // In the working directory and executable: it runs.
    chmodSync(join(work, 'script.sh'), 0o755);
    expect((await runner.run(request(work, join(work, 'script.sh'), []))).stdout).toBe('hi\n');
    // Outside the system directories and the working directory: it would not exist inside.
    writeFileSync(join(root, 'outside.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
    expect((await refusal(runner.run(request(work, join(root, 'outside.sh'), [])))).message).toContain('is not visible inside the sandbox');
  });
});

describe('no shell interpretation', () => {
  const HOSTILE = ['; touch pwned1', '$(touch pwned2)', '`touch pwned3`', '*', '$HOME', '| touch pwned4', '&& touch pwned5', "'", '"', '\\', '\n', '--help', '-rf'];

  it('passes every argument to the program unchanged', async () => {
    writeFileSync(join(work, 'a-file'), '');
    const result = await runner.run(request(work, '/usr/bin/printf', ['<%s>\\0', ...HOSTILE]));
    expect(result.stdout.split('\0').filter((s) => s !== '')).toEqual(HOSTILE.map((a) => `<${a}>`));
    for (const n of [1, 2, 3, 4, 5]) expect(existsSync(join(work, `pwned${n}`))).toBe(false);
  });

  it('the same check sees a shell that does interpret them (so it can fail)', async () => {
    await runner.run(request(work, '/bin/sh', ['-c', 'echo $(touch pwned2)']));
    expect(existsSync(join(work, 'pwned2'))).toBe(true);
  });
});

describe('filesystem confinement', () => {
  it('can write the working directory, and nothing else of the host', async () => {
    const outsideDir = join(root, 'outside');
    mkdirSync(outsideDir, { recursive: true });
    const script = [
      'echo in > inside.txt && echo wrote-inside',
      `echo x > ${outsideDir}/f 2>/dev/null || echo outside-refused`,
      'touch /usr/kg-probe 2>/dev/null || echo usr-refused',
      'echo x >> /etc/passwd 2>/dev/null || echo etc-refused',
      'echo x > /tmp/private && echo tmp-private',
      'ls /root /home /var /run 2>/dev/null | wc -l',
    ].join('\n');
    const result = await runner.run(request(work, '/bin/sh', ['-c', script]));
    expect(result.stdout.trim().split('\n')).toEqual(['wrote-inside', 'outside-refused', 'usr-refused', 'etc-refused', 'tmp-private', '0']);
    expect(readFileSync(join(work, 'inside.txt'), 'utf8')).toBe('in\n');
    expect(existsSync(join(outsideDir, 'f'))).toBe(false);
    expect(existsSync('/usr/kg-probe')).toBe(false);
    expect(existsSync('/tmp/private')).toBe(false);
  });

  it('runs without capabilities, in its own PID and UTS namespaces', async () => {
    const result = await runner.run(request(work, '/bin/sh', ['-c', 'grep CapEff /proc/self/status; cat /proc/sys/kernel/hostname; ls /proc | grep -c "^[0-9]"']));
    const [capEff, hostname, pids] = result.stdout.trim().split('\n');
    expect(capEff).toMatch(/^CapEff:\s+0+$/);
    expect(hostname).toBe('kalguard-sandbox');
    // bwrap's init, the shell, ls and grep: nothing of the host's process list.
    expect(Number(pids)).toBeLessThan(6);
  });
});

describe('timeouts and process trees', () => {
  it('kills the whole tree on timeout: a grandchild does not survive', async () => {
    const marker = uniqueSleepSeconds();
    const running = runner.run(request(work, '/bin/sh', ['-c', `sleep ${marker} & sleep ${marker}; echo never`], { timeoutMs: 3_000 }));
    // The detector works: while the run lasts, the marked processes are visible from the host.
    expect(await eventually(() => processesWith(marker).length === 2)).toBe(true);
    const result = await running;
    expect(result).toMatchObject({ timedOut: true, exitCode: null, stdout: '' });
    expect(result.signal).toMatch(/^SIG(TERM|KILL)$/);
    expect(await eventually(() => processesWith(marker).length === 0)).toBe(true);
  });

  it('a child that starts a grandchild and exits leaves nothing running', async () => {
    const marker = uniqueSleepSeconds();
    const result = await runner.run(request(work, '/bin/sh', ['-c', `setsid sleep ${marker} > /dev/null 2>&1 & echo started`]));
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, stdout: 'started\n' });
    expect(await eventually(() => processesWith(marker).length === 0)).toBe(true);
  });
});

describe('output caps', () => {
  it('cuts and flags output over the cap, and reads the rest without keeping it', async () => {
    const capped = await bwrapRunner([root], { maxOutputBytes: 65_536 });
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 5);
    // 256 MiB on stdout and 1 MiB on stderr; the child must be able to write all of it (exit 0).
    const result = await capped.run(request(work, '/bin/sh', ['-c', 'head -c 268435456 /dev/zero; head -c 1048576 /dev/zero >&2; echo done >&2'], { timeoutMs: 60_000 }));
    clearInterval(timer);
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, stdoutTruncated: true, stderrTruncated: true });
    expect(Buffer.byteLength(result.stdout)).toBe(65_536);
    expect(Buffer.byteLength(result.stderr)).toBe(65_536);
    // Bounded: the chunks read and dropped are garbage (collected when V8 gets to it), so the peak
    // stays well below the 256 MiB that went through the pipe; keeping it all would exceed it.
    expect(peak - before).toBeLessThan(128 * 1024 * 1024);
  });

  it('does not flag output that fits', async () => {
    const result = await runner.run(request(work, '/usr/bin/printf', ['abc']));
    expect(result).toMatchObject({ stdout: 'abc', stdoutTruncated: false, stderrTruncated: false });
  });
});

describe('network', () => {
  let server: Server;
  let port = 0;
  let connections = 0;

  beforeAll(async () => {
    server = createServer((socket) => {
      connections += 1;
      socket.end('hello-from-host\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // bash's /dev/tcp: a TCP client every Debian has under /usr, so it exists inside the sandbox.
  const connect = () => `if exec 3<>/dev/tcp/127.0.0.1/${port}; then head -n 1 <&3; else echo refused; exit 3; fi`;

  it('has no network by default: the host loopback server is unreachable', async () => {
    const before = connections;
    const result = await runner.run(request(work, '/bin/bash', ['-c', connect()]));
    expect(result.stdout.trim()).toBe('refused');
    expect(result.stderr).toContain('Connection refused');
    expect(result.exitCode).toBe(3);
    expect(connections).toBe(before);
  });

  it('reaches the host loopback only when the tool is allowed the network', async () => {
    const before = connections;
    const result = await runner.run(request(work, '/bin/bash', ['-c', connect()], { network: true }));
    expect(result.stdout.trim()).toBe('hello-from-host');
    expect(connections).toBe(before + 1);
  });
});

describe('concurrency limit', () => {
  it('refuses a run beyond the limit at once instead of queueing it', async () => {
    const one = await bwrapRunner([root], { maxConcurrent: 1 });
    const marker = uniqueSleepSeconds();
    const first = one.run(request(work, '/bin/sleep', [marker], { timeoutMs: 2_000 }));
    expect(one.active()).toBe(1);
    const error = await refusal(one.run(request(work, '/bin/true', [])));
    expect(error.code).toBe('ERR_SANDBOX_BUSY');
    expect(error.status).toBe(503);
    expect((await first).timedOut).toBe(true);
    expect(one.active()).toBe(0);
    expect((await one.run(request(work, '/bin/true', []))).exitCode).toBe(0);
  });

  it('a refused request never holds a slot', async () => {
    const one = await bwrapRunner([root], { maxConcurrent: 1 });
    await refusal(one.run(request('/etc', '/bin/true', [])));
    expect(one.active()).toBe(0);
  });
});
