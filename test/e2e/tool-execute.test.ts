import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../helpers/http';
import { NOBODY, RUNNING_AS_ROOT, runCli, startSidecar, TEST_SECRET, unsafe, type RunningSidecar } from '../helpers/sidecar-process';
import { agentToken } from '../helpers/tokens';

// POST /v1/tool/execute and `exec` end to end: the built single executable, real bwrap, a real
// audit file, a real loopback server for the network checks.

const OTHER_SECRET = 'db-password-9c1e77';
const runToken = agentToken('agent-1', ['tool:run']);

let dir: string;
let root: string;
let work: string;
let auditPath: string;
let sidecar: RunningSidecar;
let loopback: Server;
let loopbackPort = 0;
let loopbackConnections = 0;
const sleepMarker = `${900 + Math.floor(Math.random() * 99)}.${process.pid}7`;

function auditLines(path = auditPath): Record<string, any>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

function liveProcessesWith(marker: string): number {
  let count = 0;
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(marker)) continue;
      if (!/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))) count += 1;
    } catch {
      // gone
    }
  }
  return count;
}

async function eventually(check: () => boolean, limitMs = 5_000): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (Date.now() < end && !check()) await new Promise((r) => setTimeout(r, 25));
  return check();
}

const execute = (toolName: string, args: unknown, token = runToken, url = sidecar.url) => request(`${url}/v1/tool/execute`, { token, json: { toolName, arguments: args } });

function policy(workDir = work): unknown {
  // bash's /dev/tcp: a TCP client that exists inside the sandbox (under /usr) on every Debian.
  const connect = `if exec 3<>/dev/tcp/127.0.0.1/${loopbackPort}; then head -n 1 <&3; else echo refused; exit 3; fi`;
  const anyObject = { type: 'object' };
  return {
    version: 'exec-e2e',
    defaultDecision: 'deny',
    rules: [
      { id: 'deny-agent-2', match: { agentIds: ['agent-2'] }, decision: 'deny', reason: 'agent-2 may not run tools' },
      { id: 'allow-agent-1', match: { agentIds: ['agent-1'], actions: ['tool:execute'], tools: ['*'] }, decision: 'allow', reason: 'agent-1 runs catalogued tools' },
    ],
    tools: {
      echo_args: {
        parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false },
        exec: { command: '/bin/cat', cwd: workDir },
      },
      env_dump: { parameters: anyObject, exec: { command: '/bin/sh', args: ['-c', 'env; echo ---; tr "\\0" "\\n" < /proc/1/environ'], cwd: workDir, env: { TOOL_VAR: 'v' } } },
      toucher: {
        parameters: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false },
        exec: { command: '/bin/sh', args: ['-c', 'touch ran-toucher'], cwd: workDir },
      },
      sleeper: { parameters: anyObject, exec: { command: '/bin/sh', args: ['-c', `sleep ${sleepMarker} & sleep ${sleepMarker}`], cwd: workDir, timeoutMs: 3_000 } },
      flood: { parameters: anyObject, exec: { command: '/bin/sh', args: ['-c', 'head -c 268435456 /dev/zero'], cwd: workDir, timeoutMs: 60_000 } },
      net_off: { parameters: anyObject, exec: { command: '/bin/bash', args: ['-c', connect], cwd: workDir } },
      net_on: { parameters: anyObject, exec: { command: '/bin/bash', args: ['-c', connect], cwd: workDir, network: true } },
      limited: { parameters: anyObject, rateLimitPerMinute: 1, exec: { command: '/bin/true', cwd: workDir } },
      outside: { parameters: anyObject, exec: { command: '/bin/true', cwd: '/etc' } },
      check_only: { parameters: anyObject },
    },
  };
}

beforeAll(async () => {
  loopback = createServer((socket) => {
    loopbackConnections += 1;
    socket.end('hello-from-host\n');
  });
  await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve));
  loopbackPort = (loopback.address() as { port: number }).port;

  dir = realpathSync(mkdtempSync(join(tmpdir(), 'kg-exec-')));
  root = join(dir, 'tools');
  work = join(root, 'work');
  mkdirSync(work, { recursive: true });
  auditPath = join(dir, 'audit.jsonl');
  const policyPath = join(dir, 'policy.json');
  writeFileSync(policyPath, JSON.stringify(policy()));
  sidecar = await startSidecar({
    env: {
      KALGUARD_POLICY_PATH: policyPath,
      KALGUARD_AUDIT_LOG_PATH: auditPath,
      KALGUARD_SANDBOX_ROOTS: root,
      KALGUARD_SANDBOX_MAX_CONCURRENT: '1',
      KALGUARD_SANDBOX_MAX_OUTPUT_BYTES: '65536',
      OTHER_SECRET,
    },
  });
});

afterAll(async () => {
  await sidecar?.stop();
  await new Promise<void>((resolve) => loopback.close(() => resolve()));
});

describe('start-up and /health', () => {
  it('logs and reports the confinement in force', async () => {
    const line = await sidecar.waitForLog((l) => l['event'] === 'sandbox');
    expect(line).toMatchObject({ sandbox: 'bwrap', level: 'info' });
    const health = await request(`${sidecar.url}/health`);
    expect(health.body.components.sandbox).toMatchObject({ mode: 'bwrap', active: 0 });
    expect(auditLines().find((r) => r.type === 'startup')?.details.sandbox).toMatchObject({ mode: 'bwrap' });
  });
});

describe('POST /v1/tool/execute', () => {
  it('runs an allowed call; the validated arguments reach the command as JSON on stdin', async () => {
    const args = { text: 'a; rm -rf / $(id) `id` * | && \' "' };
    const res = await execute('echo_args', args);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, data: { allowed: true, toolName: 'echo_args', ruleId: 'allow-agent-1', policyVersion: 'exec-e2e' } });
    expect(res.body.data.result).toEqual({ exitCode: 0, signal: null, timedOut: false, stdout: JSON.stringify(args), stderr: '', stdoutTruncated: false, stderrTruncated: false, durationMs: expect.any(Number), limits: { memoryBytes: 1_073_741_824, fileBytes: 67_108_864, openFiles: 256, processes: 128, cpuSeconds: 10 } });
    expect(res.body.requestId).toBe(res.headers.get('x-request-id'));

    // The audit: the decision, then the execution, both before the response.
    const records = auditLines().filter((r) => r.requestId === res.body.requestId);
    expect(records.map((r) => [r.type, r.decision, r.reasonCode])).toEqual([
      ['tool.decision', 'allow', 'tool.allowed'],
      ['tool.execution', 'allow', 'tool.executed'],
    ]);
    expect(records[1]).toMatchObject({
      agentId: 'agent-1',
      toolName: 'echo_args',
      ruleId: 'allow-agent-1',
      details: { command: '/bin/cat', args: [], cwd: work, sandbox: 'bwrap', exitCode: 0, signal: null, timedOut: false, stdoutTruncated: false, stderrTruncated: false, durationMs: expect.any(Number), limits: res.body.data.result.limits },
    });
    // The arguments are hashed, not stored (KALGUARD_AUDIT_INCLUDE_CONTENT is off).
    expect(records[0]!.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(records)).not.toContain('rm -rf');
  });

  it("keeps the sidecar's environment from the tool, /proc/1/environ included", async () => {
    const res = await execute('env_dump', {});
    const out: string = res.body.data.result.stdout;
    expect(out).toContain('TOOL_VAR=v');
    expect(out).not.toContain(TEST_SECRET);
    expect(out).not.toContain(OTHER_SECRET);
    expect(out).not.toContain('KALGUARD');
    const [own, pid1] = out.split('---\n');
    expect(own!.trim().split('\n').map((l) => l.split('=')[0]).sort()).toEqual(['PATH', 'PWD', 'TOOL_VAR']);
    expect(pid1!.trim()).toBe('');
  });

  it('denies exactly as /v1/tool/check does, and runs nothing', async () => {
    for (const [toolName, args, token, code] of [
      ['toucher', { ok: 'yes' }, runToken, 'tool.schema_invalid'],
      ['toucher', { ok: true }, agentToken('agent-2', ['tool:run']), 'tool.denied_by_policy'],
      ['not_in_catalogue', {}, runToken, 'tool.not_allowed'],
    ] as const) {
      const res = await execute(toolName, args, token);
      const check = await request(`${sidecar.url}/v1/tool/check`, { token: agentToken(token === runToken ? 'agent-1' : 'agent-2'), json: { toolName, arguments: args } });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ allowed: false, code });
      expect(res.body.data.result).toBeUndefined();
      expect({ ...res.body.data }).toEqual({ ...check.body.data });
      expect(res.body.reason).toBe(check.body.reason);
    }
    expect(existsSync(join(work, 'ran-toucher'))).toBe(false);
    // The same call with valid arguments does run (so the check above could have failed).
    expect((await execute('toucher', { ok: true })).body.data.result.exitCode).toBe(0);
    expect(existsSync(join(work, 'ran-toucher'))).toBe(true);
  });

  it('spends the same rate-limit budget as /v1/tool/check', async () => {
    expect((await execute('limited', {})).body.data.allowed).toBe(true);
    const second = await execute('limited', {});
    expect(second.body.data).toMatchObject({ allowed: false, code: 'tool.rate_limited', retryAfterSeconds: expect.any(Number) });
  });

  it('refuses an allowed tool without an exec section (422), audited as tool.not_executable', async () => {
    const res = await execute('check_only', {});
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'ERR_TOOL_NOT_EXECUTABLE' } });
    expect(res.body.error.message).toMatch(/^Cannot execute tool: tool "check_only" has no exec section in the policy/);
    expect(auditLines().find((r) => r.requestId === res.body.requestId)).toMatchObject({ type: 'tool.decision', decision: 'deny', reasonCode: 'tool.not_executable' });
  });

  it('refuses an exec whose working directory is outside KALGUARD_SANDBOX_ROOTS, audited as an error', async () => {
    const res = await execute('outside', {});
    expect(res.status).toBe(500);
    expect(res.body.error).toEqual({ code: 'ERR_SANDBOX_REFUSED', message: `Cannot run the command: working directory /etc is not under an allowed root (${root})` });
    const records = auditLines().filter((r) => r.requestId === res.body.requestId);
    expect(records.map((r) => [r.type, r.decision, r.reasonCode])).toEqual([
      ['tool.decision', 'allow', 'tool.allowed'],
      ['tool.execution', 'error', 'sandbox.refused'],
    ]);
  });

  it('needs the tool:run capability: a tool:execute (check) token cannot run commands', async () => {
    const res = await execute('echo_args', { text: 'x' }, agentToken('agent-1', ['tool:execute', 'prompt:send']));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ERR_FORBIDDEN');
    expect(res.body.error.message).toContain('"tool:run"');
  });

  it('times out, kills the whole tree, refuses a second run meanwhile (limit 1), and audits the timeout', async () => {
    const running = execute('sleeper', {});
    expect(await eventually(() => liveProcessesWith(sleepMarker) === 2)).toBe(true);
    const busy = await execute('echo_args', { text: 'x' });
    expect(busy.status).toBe(503);
    expect(busy.body.error.code).toBe('ERR_SANDBOX_BUSY');
    const res = await running;
    expect(res.body.data.result).toMatchObject({ timedOut: true, exitCode: null });
    expect(await eventually(() => liveProcessesWith(sleepMarker) === 0)).toBe(true);
    const record = auditLines().find((r) => r.requestId === res.body.requestId && r.type === 'tool.execution');
    expect(record).toMatchObject({ reasonCode: 'tool.timed_out', details: { timedOut: true } });
    expect(auditLines().find((r) => r.requestId === busy.body.requestId && r.type === 'tool.execution')).toMatchObject({ decision: 'error', reasonCode: 'sandbox.busy' });
  });

  it('caps a flood of output, flags it, and the sidecar memory stays bounded', async () => {
    const hwm = () => Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${sidecar.child.pid}/status`, 'utf8'))?.[1]) * 1024;
    const before = hwm();
    const res = await execute('flood', {});
    expect(res.body.data.result).toMatchObject({ exitCode: 0, timedOut: false, stdoutTruncated: true, stderrTruncated: false });
    expect(Buffer.byteLength(res.body.data.result.stdout)).toBe(65_536);
    expect(auditLines().find((r) => r.requestId === res.body.requestId && r.type === 'tool.execution')?.details.stdoutTruncated).toBe(true);
    // 256 MiB went through the pipe; the sidecar's peak RSS grew by far less.
    expect(hwm() - before).toBeLessThan(128 * 1024 * 1024);
  });

  it('has no network unless the tool is allowed it (host loopback server)', async () => {
    const before = loopbackConnections;
    const off = await execute('net_off', {});
    expect(off.body.data.result).toMatchObject({ exitCode: 3, stdout: 'refused\n' });
    expect(loopbackConnections).toBe(before);
    const on = await execute('net_on', {});
    expect(on.body.data.result).toMatchObject({ exitCode: 0, stdout: 'hello-from-host\n' });
    expect(loopbackConnections).toBe(before + 1);
  });
});

describe('without bubblewrap', () => {
  it('refuses every execution (503) and says so in /health and the log', async () => {
    const audit = join(dir, 'audit-nobwrap.jsonl');
    const other = await startSidecar({
      env: { KALGUARD_POLICY_PATH: join(dir, 'policy.json'), KALGUARD_AUDIT_LOG_PATH: audit, KALGUARD_SANDBOX_ROOTS: root, KALGUARD_SANDBOX_BWRAP_PATH: '/nonexistent/bwrap' },
    });
    try {
      expect(await other.waitForLog((l) => l['event'] === 'sandbox')).toMatchObject({ sandbox: 'unavailable', level: 'warn' });
      expect((await request(`${other.url}/health`)).body.components.sandbox.mode).toBe('unavailable');
      const res = await execute('echo_args', { text: 'x' }, runToken, other.url);
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('ERR_SANDBOX_UNAVAILABLE');
      expect(res.body.error.message).toContain('KALGUARD_ALLOW_UNSAFE=no-os-sandbox');
      expect(auditLines(audit).find((r) => r.requestId === res.body.requestId && r.type === 'tool.execution')).toMatchObject({ decision: 'error', reasonCode: 'sandbox.unavailable' });
    } finally {
      await other.stop();
    }
  });

  it('runs unconfined only with KALGUARD_ALLOW_UNSAFE=no-os-sandbox, and warns', async () => {
    const other = await startSidecar({
      env: {
        KALGUARD_POLICY_PATH: join(dir, 'policy.json'),
        KALGUARD_SANDBOX_ROOTS: root,
        KALGUARD_SANDBOX_BWRAP_PATH: '/nonexistent/bwrap',
        KALGUARD_ALLOW_UNSAFE: unsafe('no-os-sandbox'),
      },
    });
    try {
      expect(await other.waitForLog((l) => l['event'] === 'sandbox')).toMatchObject({ sandbox: 'unconfined-override', level: 'warn' });
      const health = (await request(`${other.url}/health`)).body;
      expect(health.components.sandbox.mode).toBe('unconfined-override');
      expect(health.unsafe).toContain('no-os-sandbox');
      const res = await execute('echo_args', { text: 'x' }, runToken, other.url);
      expect(res.body.data.result).toMatchObject({ exitCode: 0, stdout: '{"text":"x"}' });
      // Even unconfined, the environment is built from the allowlist.
      const env = await execute('env_dump', {}, runToken, other.url);
      expect(env.body.data.result.stdout).not.toContain(TEST_SECRET);
    } finally {
      await other.stop();
    }
  });
});

describe('without KALGUARD_SANDBOX_ROOTS', () => {
  it('tool execution is off: /health says disabled, execute and exec are refused', async () => {
    const other = await startSidecar({ env: { KALGUARD_POLICY_PATH: join(dir, 'policy.json') } });
    try {
      expect(await other.waitForLog((l) => l['event'] === 'sandbox')).toMatchObject({ sandbox: 'disabled', level: 'info' });
      expect((await request(`${other.url}/health`)).body.components.sandbox.mode).toBe('disabled');
      const res = await execute('echo_args', { text: 'x' }, runToken, other.url);
      expect(res.status).toBe(500);
      expect(res.body.error).toEqual({ code: 'ERR_SANDBOX_REFUSED', message: 'Cannot run the command: tool execution is off (set KALGUARD_SANDBOX_ROOTS to the directories tools may run in)' });
    } finally {
      await other.stop();
    }
    const cli = await runCli(['exec', '--', '/bin/true']);
    expect(cli).toMatchObject({ code: 125, stdout: '', stderr: 'kalguard-sidecar: Cannot run the command: tool execution is off (set KALGUARD_SANDBOX_ROOTS to the directories tools may run in)\n' });
  });
});

describe('an unprivileged sidecar', () => {
  it.runIf(RUNNING_AS_ROOT)('runs tools under bwrap as uid 65534 (bwrap uses a user namespace)', async () => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'kg-exec-nobody-')));
    const nobodyWork = join(base, 'tools', 'work');
    mkdirSync(nobodyWork, { recursive: true });
    const policyPath = join(base, 'policy.json');
    writeFileSync(policyPath, JSON.stringify(policy(nobodyWork)));
    for (const path of [base, join(base, 'tools'), nobodyWork, policyPath]) chownSync(path, NOBODY, NOBODY);
    const other = await startSidecar({
      uid: NOBODY,
      env: { KALGUARD_POLICY_PATH: policyPath, KALGUARD_SANDBOX_ROOTS: join(base, 'tools'), KALGUARD_ALLOW_UNSAFE: undefined, OTHER_SECRET },
    });
    try {
      expect(await other.waitForLog((l) => l['event'] === 'sandbox')).toMatchObject({ sandbox: 'bwrap' });
      expect((await execute('echo_args', { text: 'x' }, runToken, other.url)).body.data.result).toMatchObject({ exitCode: 0, stdout: '{"text":"x"}' });
      const env = (await execute('env_dump', {}, runToken, other.url)).body.data.result.stdout as string;
      expect(env).toContain('TOOL_VAR=v');
      expect(env).not.toContain(OTHER_SECRET);
      expect(env).not.toContain(TEST_SECRET);
    } finally {
      await other.stop();
    }
  });
});

describe('kalguard-sidecar exec', () => {
  const cli = (args: string[], env: Record<string, string> = {}) => runCli(['exec', ...args], { KALGUARD_SANDBOX_ROOTS: root, OTHER_SECRET, ...env });

  it('prints the result as JSON and exits with the command\'s code', async () => {
    const r = await cli(['--cwd', work, '--', '/bin/sh', '-c', 'echo hi; exit 7']);
    expect(r.code).toBe(7);
    expect(JSON.parse(r.stdout)).toEqual({ exitCode: 7, signal: null, timedOut: false, stdout: 'hi\n', stderr: '', stdoutTruncated: false, stderrTruncated: false, durationMs: expect.any(Number), limits: { memoryBytes: 1_073_741_824, fileBytes: 67_108_864, openFiles: 256, processes: 128, cpuSeconds: 10 } });
  });

  it('passes only the named variables; KALGUARD_* names are refused', async () => {
    const r = await cli(['--cwd', work, '--env', 'OTHER_SECRET', '--env', 'MODE=fast', '--', '/usr/bin/env']);
    expect(JSON.parse(r.stdout).stdout.split('\n').filter((l: string) => l !== '').sort()).toEqual([`OTHER_SECRET=${OTHER_SECRET}`, 'MODE=fast', 'PATH=/usr/local/bin:/usr/bin:/bin', 'PWD=' + work].sort());
    const without = await cli(['--cwd', work, '--', '/usr/bin/env']);
    expect(without.stdout).not.toContain(OTHER_SECRET);
    expect(without.stdout).not.toContain(TEST_SECRET);
    const refused = await cli(['--cwd', work, '--env', 'KALGUARD_TOKEN_SECRET', '--', '/usr/bin/env']);
    expect(refused).toMatchObject({ code: 125, stdout: '' });
    expect(refused.stderr).toMatch(/^kalguard-sidecar: Cannot run the command: environment variable KALGUARD_TOKEN_SECRET is reserved/);
  });

  it('exits 124 on timeout', async () => {
    const r = await cli(['--cwd', work, '--timeout', '200', '--', '/bin/sleep', '30']);
    expect(r.code).toBe(124);
    expect(JSON.parse(r.stdout)).toMatchObject({ timedOut: true, exitCode: null });
  });

  it('--allow-network reaches the host loopback; the default does not', async () => {
    const script = `if exec 3<>/dev/tcp/127.0.0.1/${loopbackPort}; then head -n 1 <&3; else echo refused; exit 3; fi`;
    expect(JSON.parse((await cli(['--cwd', work, '--', '/bin/bash', '-c', script])).stdout).stdout).toBe('refused\n');
    expect(JSON.parse((await cli(['--cwd', work, '--allow-network', '--', '/bin/bash', '-c', script])).stdout).stdout).toBe('hello-from-host\n');
  });

  it('refuses with one line and exit 125: no sandbox, a cwd outside the roots', async () => {
    const noBwrap = await cli(['--cwd', work, '--', '/bin/true'], { KALGUARD_SANDBOX_BWRAP_PATH: '/nonexistent/bwrap' });
    expect(noBwrap.code).toBe(125);
    expect(noBwrap.stderr).toMatch(/^kalguard-sidecar: Cannot run the command: no OS sandbox is available \(bubblewrap not found at \/nonexistent\/bwrap; .*\)\n$/);
    const overridden = await cli(['--cwd', work, '--', '/bin/true'], { KALGUARD_SANDBOX_BWRAP_PATH: '/nonexistent/bwrap', KALGUARD_ALLOW_UNSAFE: unsafe('no-os-sandbox') });
    expect(overridden.code).toBe(0);
    expect(overridden.stderr).toContain('WITHOUT OS confinement');
    const outside = await cli(['--cwd', '/etc', '--', '/bin/true']);
    expect(outside).toMatchObject({ code: 125, stdout: '' });
    expect(outside.stderr).toBe(`kalguard-sidecar: Cannot run the command: working directory /etc is not under an allowed root (${root})\n`);
  });

  it.each([[['exec']], [['exec', '/bin/true']], [['exec', '--']], [['exec', '--', 'true']], [['exec', '--timeout', 'soon', '--', '/bin/true']], [['exec', '--bogus', '--', '/bin/true']]])(
    '%j is a usage error (exit 2)',
    async (args) => {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^kalguard-sidecar: exec: .*\(see --help\)\n$/);
    },
  );

  it('--help prints usage', async () => {
    const r = await runCli(['exec', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: kalguard-sidecar exec /);
  });
});
