import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startSidecar, TEST_SECRET } from '../helpers/sidecar-process';
import { agentToken } from '../helpers/tokens';
import { request } from '../helpers/http';

const allowAll = (version: string, decision: 'allow' | 'deny') =>
  JSON.stringify({ version, defaultDecision: 'deny', rules: [{ id: `rule-${version}`, match: { agentIds: ['agent-*'] }, decision }] });

function readAudit(path: string): Record<string, any>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('graceful shutdown', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s: finishes, records shutdown, exits 0', async (signal) => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-life-'));
    const audit = join(dir, 'audit.jsonl');
    const sidecar = await startSidecar({ env: { KALGUARD_AUDIT_LOG_PATH: audit } });
    const token = agentToken('agent-1');
    const inflight = Array.from({ length: 20 }, () => request(`${sidecar.url}/v1/prompt/check`, { token, json: { messages: [{ role: 'user', content: 'hello' }] } }));
    const responses = await Promise.all(inflight);
    const started = Date.now();
    const exit = await sidecar.stop(signal);
    expect(exit.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    const lines = readAudit(audit);
    expect(lines.at(-1)).toMatchObject({ type: 'shutdown' });
    for (const r of responses) expect(lines.some((l) => l.requestId === r.body.requestId)).toBe(true);
  });
});

describe('policy hot reload', () => {
  it('SIGHUP reloads a valid policy, keeps the last good one when the new file is invalid, and audits both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-reload-'));
    const policy = join(dir, 'policy.json');
    const audit = join(dir, 'audit.jsonl');
    writeFileSync(policy, allowAll('v1', 'deny'), { mode: 0o600 });
    const sidecar = await startSidecar({ env: { KALGUARD_POLICY_PATH: policy, KALGUARD_AUDIT_LOG_PATH: audit } });
    const token = agentToken('agent-1');
    const check = () => request(`${sidecar.url}/v1/prompt/check`, { token, json: { messages: [{ role: 'user', content: 'hi' }] } });
    try {
      expect((await check()).body.data.allowed).toBe(false);
      writeFileSync(policy + '.tmp', allowAll('v2', 'allow'));
      renameSync(policy + '.tmp', policy);
      sidecar.child.kill('SIGHUP');
      await waitFor(async () => ((await check()).body.data.allowed ? true : undefined));
      writeFileSync(policy, '{"version": "v3", "rules": [ {"id": "broken" ');
      sidecar.child.kill('SIGHUP');
      await sidecar.waitForLog((l) => String(l['msg']).includes('policy reload failed'));
      const after = await check();
      expect(after.body.data).toMatchObject({ allowed: true, ruleId: 'rule-v2' });
      const types = readAudit(audit).map((l) => l.type);
      expect(types).toContain('policy.reloaded');
      expect(types).toContain('policy.reload_failed');
    } finally {
      await sidecar.stop();
    }
  });

  it('KALGUARD_POLICY_WATCH picks up a rename-over save without a signal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-watch-'));
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, allowAll('w1', 'deny'));
    const sidecar = await startSidecar({ env: { KALGUARD_POLICY_PATH: policy, KALGUARD_POLICY_WATCH: 'true', KALGUARD_POLICY_WATCH_INTERVAL_MS: '100' } });
    const token = agentToken('agent-1');
    try {
      writeFileSync(policy + '.swp', allowAll('w2', 'allow'));
      renameSync(policy + '.swp', policy);
      const res = await waitFor(async () => {
        const r = await request(`${sidecar.url}/v1/prompt/check`, { token, json: { messages: [{ role: 'user', content: 'hi' }] } });
        return r.body.data.allowed ? r : undefined;
      });
      expect(res.body.data.policyVersion).toBe('w2');
    } finally {
      await sidecar.stop();
    }
  });
});

describe('audit sink failure fails closed', () => {
  it('answers 503 and reports the sink down when the audit cannot be written, then recovers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-auditfail-'));
    const audit = join(dir, 'audit.jsonl');
    const sidecar = await startSidecar({ env: { KALGUARD_AUDIT_LOG_PATH: audit } });
    const token = agentToken('agent-1');
    const check = () => request(`${sidecar.url}/v1/prompt/check`, { token, json: { messages: [{ role: 'user', content: 'hi' }] } });
    try {
      expect((await check()).status).toBe(200);
      // Rotation gone wrong: the path becomes a directory, so reopening on SIGHUP fails.
      renameSync(audit, audit + '.1');
      mkdirSync(audit);
      sidecar.child.kill('SIGHUP');
      const failed = await waitFor(async () => {
        const r = await check();
        return r.status === 503 ? r : undefined;
      });
      expect(failed.body).toMatchObject({ ok: false, error: { code: 'ERR_AUDIT_UNAVAILABLE' } });
      const health = await request(`${sidecar.url}/health`);
      expect(health.status).toBe(503);
      expect(health.body.failing).toContain('audit');
      // Once the path is writable again, decisions resume and are recorded.
      rmdirSync(audit);
      const ok = await waitFor(async () => {
        const r = await check();
        return r.status === 200 ? r : undefined;
      });
      expect(readAudit(audit).some((l) => l.requestId === ok.body.requestId)).toBe(true);
    } finally {
      await sidecar.stop();
    }
  });
});

describe('token command', () => {
  it('mints a token the running sidecar accepts, with the requested capabilities', async () => {
    const minted = await runCli(['token', '--agent', 'agent-cli', '--cap', 'tool:execute', '--ttl', '120']);
    expect(minted.code).toBe(0);
    const token = minted.stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({ sub: 'agent-cli', capabilities: ['tool:execute'], iss: 'kalguard' });
    expect(payload.exp - payload.iat).toBe(120);
    const sidecar = await startSidecar();
    try {
      const tool = await request(`${sidecar.url}/v1/tool/check`, { token, json: { toolName: 'x', arguments: {} } });
      expect(tool.status).toBe(200);
      const prompt = await request(`${sidecar.url}/v1/prompt/check`, { token, json: { messages: [{ role: 'user', content: 'hi' }] } });
      expect(prompt.status).toBe(403);
    } finally {
      await sidecar.stop();
    }
  });

  it('refuses without a secret and rejects bad arguments with exit 2', async () => {
    expect((await runCli(['token', '--agent', 'a'], { KALGUARD_TOKEN_SECRET: undefined })).code).toBe(2);
    expect((await runCli(['token'])).code).toBe(2);
    expect((await runCli(['token', '--agent', 'a', '--ttl', 'forever'])).code).toBe(2);
    expect((await runCli(['token', '--agent', 'a', '--bogus'])).code).toBe(2);
    expect(TEST_SECRET.length).toBeGreaterThanOrEqual(32);
  });
});
