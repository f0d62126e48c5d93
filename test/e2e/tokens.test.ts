import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSidecar, type RunningSidecar } from '../helpers/sidecar-process';
import { makeToken } from '../helpers/tokens';
import { request } from '../helpers/http';

let sidecar: RunningSidecar;
let auditPath: string;
const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'agent-1', iss: 'kalguard', iat: now(), exp: now() + 600, capabilities: ['prompt:send', 'tool:execute'], ...extra });
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

// Every forged or broken token gets the same 401 body; only the audit keeps the precise reason.
const attacks: { name: string; header: string | undefined; reason: string }[] = [
  { name: 'no header', header: undefined, reason: 'token.missing' },
  { name: 'Basic scheme', header: 'Basic YWdlbnQ6cGFzcw==', reason: 'token.malformed' },
  { name: 'garbage', header: 'Bearer not-a-jwt', reason: 'token.malformed' },
  { name: 'alg none', header: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`, reason: 'token.algorithm_not_allowed' },
  { name: 'alg HS512', header: `Bearer ${makeToken(claims(), { header: { alg: 'HS512', typ: 'JWT' } })}`, reason: 'token.algorithm_not_allowed' },
  { name: 'other key', header: `Bearer ${makeToken(claims(), { secret: 'another-secret-another-secret-another' })}`, reason: 'token.signature_invalid' },
  { name: 'expired', header: `Bearer ${makeToken(claims({ iat: now() - 7200, exp: now() - 3600 }))}`, reason: 'token.expired' },
  { name: 'no exp', header: `Bearer ${makeToken({ sub: 'agent-1', iat: now(), capabilities: ['prompt:send'] })}`, reason: 'token.claims_invalid' },
  { name: 'nbf in the future', header: `Bearer ${makeToken(claims({ nbf: now() + 3600 }))}`, reason: 'token.not_yet_valid' },
  { name: 'iat in the future', header: `Bearer ${makeToken(claims({ iat: now() + 3600 }))}`, reason: 'token.not_yet_valid' },
  { name: 'no sub', header: `Bearer ${makeToken({ iat: now(), exp: now() + 60, capabilities: ['prompt:send'] })}`, reason: 'token.claims_invalid' },
  { name: 'capabilities not an array', header: `Bearer ${makeToken(claims({ capabilities: 'prompt:send' }))}`, reason: 'token.claims_invalid' },
];

beforeAll(async () => {
  auditPath = join(mkdtempSync(join(tmpdir(), 'kg-tok-')), 'audit.jsonl');
  sidecar = await startSidecar({ env: { KALGUARD_AUDIT_LOG_PATH: auditPath } });
});
afterAll(async () => {
  await sidecar?.stop();
});

describe('token attacks over HTTP', () => {
  it('all get an identical 401 body, and the audit keeps the precise reason', async () => {
    const bodies = new Set<string>();
    for (const attack of attacks) {
      const requestId = `attack-${attacks.indexOf(attack)}`;
      const headers: Record<string, string> = { 'x-request-id': requestId };
      if (attack.header !== undefined) headers['authorization'] = attack.header;
      const res = await request(`${sidecar.url}/v1/prompt/check`, { headers, json: { messages: [{ role: 'user', content: 'hi' }] } });
      expect(res.status, attack.name).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      bodies.add(JSON.stringify({ ...res.body, requestId: 'x' }));
      const record = readFileSync(auditPath, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .find((l) => l.requestId === requestId);
      expect(record, attack.name).toMatchObject({ type: 'auth.failed', reasonCode: attack.reason });
    }
    expect(bodies.size).toBe(1);
  });

  it('a valid token still works (the table is not passing because everything fails)', async () => {
    const res = await request(`${sidecar.url}/v1/tool/check`, { token: makeToken(claims()), json: { toolName: 'x' } });
    expect(res.status).toBe(200);
  });
});
