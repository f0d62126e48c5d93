import { describe, expect, it } from 'vitest';
import { createMemoryAuditSink, type AuditEventInput, type AuditSink } from '../../src/audit';
import { createTokenVerifier } from '../../src/auth';
import { parseConfig } from '../../src/config';
import { KalguardError } from '../../src/errors';
import { parsePolicy, compilePolicy } from '../../src/policy';
import type { RunRequest, RunResult, SandboxRunner } from '../../src/sandbox';
import { buildServer } from '../../src/server';
import { createRateLimiter, createToolMediator } from '../../src/tools';
import { createLogger } from '../../src/util/create-logger';
import { TEST_SECRET } from '../helpers/sidecar-process';
import { agentToken } from '../helpers/tokens';

// The route through app.inject(), with a recording runner: the order of audit and execution, and
// what happens when the audit cannot write (fail closed).

const POLICY = JSON.stringify({
  version: 't',
  rules: [{ id: 'allow', match: { tools: ['*'] }, decision: 'allow' }],
  tools: { run: { parameters: { type: 'object' }, exec: { command: '/bin/cat', args: ['-u'], cwd: '/srv', env: { A: '1' }, network: true } } },
});

const RESULT: RunResult = { exitCode: 0, signal: null, timedOut: false, stdout: 'ok', stderr: '', stdoutTruncated: false, stderrTruncated: false, durationMs: 1, limits: null };

function setup(options: { failAuditOf?: (event: AuditEventInput) => boolean; runError?: KalguardError } = {}) {
  const events: string[] = [];
  const runs: RunRequest[] = [];
  const memory = createMemoryAuditSink({ capacity: 100, now: () => new Date() });
  const audit: AuditSink = {
    ...memory,
    append(event) {
      if (options.failAuditOf?.(event) === true) return Promise.reject(new KalguardError('ERR_AUDIT_UNAVAILABLE', 'Cannot record: disk full'));
      events.push(`audit:${event.type}`);
      return memory.append(event);
    },
  };
  const sandbox: SandboxRunner = {
    mode: { mode: 'bwrap', reason: 'test' },
    active: () => 0,
    async run(request) {
      events.push('run');
      runs.push(request);
      if (options.runError !== undefined) throw options.runError;
      return RESULT;
    },
  };
  const config = parseConfig({ KALGUARD_TOKEN_SECRET: TEST_SECRET, KALGUARD_LOG_LEVEL: 'silent', KALGUARD_SANDBOX_TIMEOUT_MS: '4321' });
  const policy = compilePolicy(parsePolicy(POLICY, { defaultDeny: true }), { hash: 'h', source: 'test' });
  const app = buildServer({
    config,
    logger: createLogger('silent'),
    verifier: createTokenVerifier({ secret: TEST_SECRET, previousSecret: undefined, expectedIssuer: undefined, clockSkewSeconds: 30, now: Date.now }),
    policy: { current: () => policy, health: () => ({ healthy: true, hash: 'h' }) },
    mediator: createToolMediator({ rateLimiter: createRateLimiter({ now: Date.now, maxKeys: 10 }), globalRateLimitPerMinute: undefined }),
    audit,
    evaluatePrompt: () => {
      throw new Error('not used');
    },
    sandbox,
  });
  const execute = (args: unknown) =>
    app.inject({ method: 'POST', url: '/v1/tool/execute', headers: { authorization: `Bearer ${agentToken('a', ['tool:run'])}` }, payload: { toolName: 'run', arguments: args } });
  return { app, events, runs, execute, memory };
}

describe('POST /v1/tool/execute (inject)', () => {
  it('records the decision, runs, records the execution, then answers', async () => {
    const { events, runs, execute } = setup();
    const res = await execute({ q: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.result).toEqual(RESULT);
    expect(events).toEqual(['audit:tool.decision', 'run', 'audit:tool.execution']);
    expect(runs).toEqual([{ command: '/bin/cat', args: ['-u'], cwd: '/srv', env: { A: '1' }, timeoutMs: 4321, network: true, stdin: Buffer.from('{"q":1}') }]);
  });

  it('accepts the arguments as a JSON string (OpenAI style), as /v1/tool/check does', async () => {
    const { runs, execute } = setup();
    expect((await execute('{"q":2}')).statusCode).toBe(200);
    expect(runs[0]?.stdin).toEqual(Buffer.from('{"q":2}'));
  });

  it('does not run the command when the decision cannot be recorded', async () => {
    const { events, execute } = setup({ failAuditOf: (e) => e.type === 'tool.decision' });
    const res = await execute({});
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('ERR_AUDIT_UNAVAILABLE');
    expect(events).toEqual([]);
  });

  it('withholds the result when the execution cannot be recorded', async () => {
    const { events, execute } = setup({ failAuditOf: (e) => e.type === 'tool.execution' });
    const res = await execute({});
    expect(res.statusCode).toBe(503);
    expect(res.body).not.toContain('"result"');
    expect(events).toEqual(['audit:tool.decision', 'run']);
  });

  it('records a runner refusal as an error and answers with its code', async () => {
    const { memory, execute } = setup({ runError: new KalguardError('ERR_SANDBOX_BUSY', 'Cannot run the command: busy') });
    const res = await execute({});
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toEqual({ code: 'ERR_SANDBOX_BUSY', message: 'Cannot run the command: busy' });
    expect(memory.recent().at(-1)).toMatchObject({ type: 'tool.execution', decision: 'error', reasonCode: 'sandbox.busy', details: { command: '/bin/cat', env: ['A'] } });
  });

  it('answers 405 for GET, like the other endpoints', async () => {
    const { app } = setup();
    const res = await app.inject({ method: 'GET', url: '/v1/tool/execute' });
    expect(res.statusCode).toBe(405);
    expect(res.headers['allow']).toBe('POST');
  });
});
