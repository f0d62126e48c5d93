import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkAuditConsistency } from '../helpers/audit-file';
import { request, type JsonResponse } from '../helpers/http';
import { startSidecar, type RunningSidecar } from '../helpers/sidecar-process';
import { agentToken } from '../helpers/tokens';

/*
 * Overload: beyond capacity the sidecar answers 503 ERR_OVERLOADED (standard envelope, Retry-After)
 * at once instead of queueing, /health says so, shed requests are never decided or audited, and it
 * recovers when the load goes away. Driven into shedding by low limits, not by timing: each test
 * sends bursts until it has seen a shed request (bounded number of bursts).
 */

const token = agentToken('agent-load');
// A large prompt keeps the firewall busy for a while: what makes the sidecar CPU-bound.
const BIG_PROMPT = { messages: [{ role: 'user', content: 'Please summarise the following order history for me. '.repeat(8_000) }] };

const check = (sidecar: RunningSidecar): Promise<JsonResponse> => request(`${sidecar.url}/v1/prompt/check`, { token, json: BIG_PROMPT });
const health = async (sidecar: RunningSidecar) => (await request(`${sidecar.url}/health`)).body;

/** Bursts of concurrent big prompts until one is shed; returns every response. */
async function burstUntilShed(sidecar: RunningSidecar, size: number, onBurst?: () => Promise<void>): Promise<JsonResponse[]> {
  const all: JsonResponse[] = [];
  for (let burst = 0; burst < 20 && !all.some((r) => r.status === 503); burst++) {
    const pending = Array.from({ length: size }, () => check(sidecar));
    await onBurst?.();
    all.push(...(await Promise.all(pending)));
  }
  return all;
}

function expectShedEnvelope(res: JsonResponse, reason: RegExp): void {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('2');
  expect(res.body).toMatchObject({ ok: false, error: { code: 'ERR_OVERLOADED' } });
  expect(res.body.error.message).toMatch(reason);
  expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
}

async function waitUntilHealthy(sidecar: RunningSidecar): Promise<any> {
  let body = await health(sidecar);
  for (let i = 0; i < 100 && body.status !== 'ok'; i++) {
    await sleep(100);
    body = await health(sidecar);
  }
  return body;
}

describe('overload shedding (built binary)', () => {
  it('over KALGUARD_MAX_CONCURRENT_REQUESTS: 503 envelopes with Retry-After, not audited, then recovery', async () => {
    const auditPath = join(mkdtempSync(join(tmpdir(), 'kg-overload-')), 'audit.jsonl');
    const sidecar = await startSidecar({ env: { KALGUARD_AUDIT_LOG_PATH: auditPath, KALGUARD_MAX_CONCURRENT_REQUESTS: '2', KALGUARD_MAX_EVENT_LOOP_DELAY_MS: '0' } });
    try {
      const responses = await burstUntilShed(sidecar, 30);
      const shed = responses.filter((r) => r.status === 503);
      expect(shed.length).toBeGreaterThan(0);
      for (const r of shed) expectShedEnvelope(r, /2 requests in progress/);
      // Everything else was decided normally: shedding never turns into another error.
      expect(responses.every((r) => r.status === 200 || r.status === 503)).toBe(true);
      const decided = responses.filter((r) => r.status === 200);

      const after = await waitUntilHealthy(sidecar);
      expect(after).toMatchObject({ status: 'ok', components: { load: { healthy: true, inFlight: 0, shed: shed.length } } });
      // Recovered: requests one at a time are all decided.
      for (let i = 0; i < 5; i++) expect((await check(sidecar)).status).toBe(200);
      // Shed requests were never decided, so never audited; decided ones all were.
      const audited = checkAuditConsistency(auditPath).records.filter((r) => r['type'] === 'prompt.decision');
      expect(audited.length).toBe(decided.length + 5);
      const shedIds = new Set(shed.map((r) => r.body.requestId));
      expect(audited.filter((r) => shedIds.has(r['requestId']))).toEqual([]);
    } finally {
      await sidecar.stop();
    }
  }, 60_000);

  it('over KALGUARD_MAX_EVENT_LOOP_DELAY_MS under CPU-heavy load: sheds, /health says overloaded, then recovers', async () => {
    const sidecar = await startSidecar({ env: { KALGUARD_MAX_EVENT_LOOP_DELAY_MS: '1', KALGUARD_MAX_CONCURRENT_REQUESTS: '0' } });
    try {
      const seenHealth: string[] = [];
      const responses = await burstUntilShed(sidecar, 12, async () => {
        seenHealth.push((await health(sidecar)).status);
      });
      const shed = responses.filter((r) => r.status === 503);
      expect(shed.length).toBeGreaterThan(0);
      for (const r of shed) expectShedEnvelope(r, /event-loop delay/);
      expect(responses.every((r) => r.status === 200 || r.status === 503)).toBe(true);
      // /health is never shed, and while shedding it says so (200, status "overloaded").
      let overloaded = seenHealth.includes('overloaded');
      for (let i = 0; i < 20 && !overloaded; i++) {
        const pending = Array.from({ length: 6 }, () => check(sidecar));
        await sleep(300);
        overloaded = (await health(sidecar)).status === 'overloaded';
        await Promise.all(pending);
      }
      expect(overloaded).toBe(true);

      const after = await waitUntilHealthy(sidecar);
      expect(after.status).toBe('ok');
      expect(after.components.load.shed).toBeGreaterThanOrEqual(shed.length);
      expect((await check(sidecar)).status).toBe(200);
    } finally {
      await sidecar.stop();
    }
  }, 90_000);

  it('with the default limits, the same bursts are all decided (the limits above are what shed)', async () => {
    const sidecar = await startSidecar();
    try {
      const responses = await Promise.all(Array.from({ length: 30 }, () => check(sidecar)));
      expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 30 }, () => 200));
    } finally {
      await sidecar.stop();
    }
  }, 60_000);
});
