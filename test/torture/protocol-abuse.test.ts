import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NO_DELAY_SHEDDING } from '../helpers/quiet-limits';
import { checkAuditConsistency } from '../helpers/audit-file';
import { openRaw, parseResponses, rawPost, type RawConnection } from '../helpers/raw-http';
import { request } from '../helpers/http';
import { PROJECT_ROOT, startSidecar, type RunningSidecar } from '../helpers/sidecar-process';
import { agentToken } from '../helpers/tokens';

/*
 * HTTP abuse on raw sockets against the built sidecar, with short timeouts configured so that the
 * test is quick: the sidecar answers what it can with the JSON envelope, closes what it must, and
 * keeps serving everyone else. No assertion is about elapsed time: each waits for an event.
 */

let sidecar: RunningSidecar;
let auditPath: string;
const token = agentToken('agent-proto');
const auth = { authorization: `Bearer ${token}` };
const PROMPT = JSON.stringify({ messages: [{ role: 'user', content: 'What is the capital of France?' }] });
const TOOL = JSON.stringify({ toolName: 'search_docs', arguments: { query: 'refunds' } });

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kg-proto-'));
  const policyPath = join(dir, 'policy.json');
  copyFileSync(join(PROJECT_ROOT, 'test/e2e/fixtures/policy.json'), policyPath);
  auditPath = join(dir, 'audit.jsonl');
  sidecar = await startSidecar({
    env: {
      KALGUARD_POLICY_PATH: policyPath,
      KALGUARD_AUDIT_LOG_PATH: auditPath,
      KALGUARD_HEADERS_TIMEOUT_MS: '1000',
      KALGUARD_REQUEST_TIMEOUT_MS: '2000',
      KALGUARD_IDLE_TIMEOUT_MS: '3000',
      KALGUARD_KEEP_ALIVE_TIMEOUT_MS: '1000',
      ...NO_DELAY_SHEDDING,
    },
  });
});
afterAll(async () => {
  await sidecar?.stop();
});

/** Another client, on its own connection, is served normally. */
async function othersAreServed(): Promise<void> {
  const res = await request(`${sidecar.url}/v1/tool/check`, { token, json: JSON.parse(TOOL) });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ ok: true, data: { allowed: true } });
}

function envelopeOf(text: string): any {
  const [first] = parseResponses(text);
  expect(first, `a complete HTTP response in: ${text.slice(0, 200)}`).toBeDefined();
  return { status: first!.status, headers: first!.headers, body: JSON.parse(first!.body) };
}

async function loadState(): Promise<{ inFlight: number; shed: number }> {
  const res = await request(`${sidecar.url}/health`);
  return res.body.components.load;
}

describe('protocol abuse on a real socket', () => {
  it('oversized headers: 431 with the envelope, connection closed, others served', async () => {
    const conn = await openRaw(sidecar.port);
    await conn.write(`POST /v1/prompt/check HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`);
    await conn.closed;
    const res = envelopeOf(conn.received());
    expect(res.status).toBe(431);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'ERR_HEADERS_TOO_LARGE' } });
    await othersAreServed();
  });

  it('body larger than declared: the extra bytes are a malformed request, never decided; the connection closes', async () => {
    const conn = await openRaw(sidecar.port);
    const body = `${TOOL}{"toolName":"run_shell"}`;
    await conn.write(`POST /v1/tool/check HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nX-Request-Id: longer-1\r\nContent-Length: ${TOOL.length}\r\n\r\n${body}`);
    await conn.closed;
    // Node parses the extra bytes at once as the next request; they are not HTTP, so the
    // connection is answered 400 and closed (possibly before the first answer was written).
    const responses = parseResponses(conn.received());
    expect(responses.at(-1)?.status).toBe(400);
    expect(JSON.parse(responses.at(-1)!.body)).toMatchObject({ ok: false, error: { code: 'ERR_BAD_REQUEST' } });
    for (const r of responses.slice(0, -1)) expect(JSON.parse(r.body)).toMatchObject({ ok: true, data: { toolName: 'search_docs' } });
    await othersAreServed();
    const records = checkAuditConsistency(auditPath).records;
    expect(records.filter((r) => r['toolName'] === 'run_shell')).toEqual([]);
  });

  it('content-length with transfer-encoding (request smuggling) is refused', async () => {
    const conn = await openRaw(sidecar.port);
    await conn.write(`POST /v1/tool/check HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`);
    await conn.closed;
    const res = envelopeOf(conn.received());
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ERR_BAD_REQUEST');
  });

  it('body smaller than declared: 408 after the request timeout, socket closed, nothing audited', async () => {
    const conn = await openRaw(sidecar.port);
    await conn.write(`POST /v1/tool/check HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nX-Request-Id: short-body-1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"toolName":`);
    await conn.closed;
    const text = conn.received();
    // Node answers 408 when the socket can still take it; either way the connection is released.
    if (text !== '') {
      const res = envelopeOf(text);
      expect(res.status).toBe(408);
      expect(res.body.error.code).toBe('ERR_REQUEST_TIMEOUT');
    }
    expect(checkAuditConsistency(auditPath).records.some((r) => r['requestId'] === 'short-body-1')).toBe(false);
    await othersAreServed();
  });

  it('slowloris: headers trickled byte by byte are cut off by the headers timeout while others are served', async () => {
    const conns: RawConnection[] = await Promise.all(Array.from({ length: 20 }, () => openRaw(sidecar.port)));
    const head = `POST /v1/prompt/check HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nX-Slow: ${'z'.repeat(400)}\r\n\r\n`;
    let sent = 0;
    let allClosed = false;
    const closed = Promise.all(conns.map((c) => c.closed)).then(() => (allClosed = true));
    const trickle = (async () => {
      for (; sent < head.length && !allClosed; sent++) {
        await Promise.all(conns.map((c) => c.write(head[sent]!).catch(() => undefined)));
        await sleep(20);
      }
    })();
    await othersAreServed();
    await closed;
    await trickle;
    // The server gave up before the attacker finished its headers (400 bytes at 20 ms each).
    expect(sent).toBeLessThan(head.length);
    for (const c of conns) {
      if (c.received() !== '') expect(envelopeOf(c.received()).status).toBe(408);
    }
    await othersAreServed();
  });

  it('many idle connections: others are served, and the idle ones are closed by the server (headers / idle timeout)', async () => {
    const idle = await Promise.all(Array.from({ length: 200 }, () => openRaw(sidecar.port)));
    await othersAreServed();
    const health = await request(`${sidecar.url}/health`);
    expect(health.status).toBe(200);
    await Promise.all(idle.map((c) => c.closed));
    await othersAreServed();
  });

  it('pipelined requests are all answered, in order', async () => {
    const conn = await openRaw(sidecar.port);
    const ids = Array.from({ length: 12 }, (_, i) => `pipe-${i}`);
    const batch = ids
      .map((id, i) =>
        i % 3 === 2
          ? `GET /health HTTP/1.1\r\nHost: x\r\nX-Request-Id: ${id}\r\n\r\n`
          : rawPost(i % 3 === 0 ? '/v1/prompt/check' : '/v1/tool/check', i % 3 === 0 ? PROMPT : TOOL, { ...auth, 'X-Request-Id': id }),
      )
      .join('');
    await conn.write(batch);
    const text = await conn.waitFor((t) => parseResponses(t).length === ids.length);
    const responses = parseResponses(text);
    expect(responses.map((r) => r.headers['x-request-id'])).toEqual(ids);
    expect(responses.every((r) => r.status === 200)).toBe(true);
    conn.destroy();
    const audited = new Set(checkAuditConsistency(auditPath).records.map((r) => r['requestId']));
    for (const [i, id] of ids.entries()) if (i % 3 !== 2) expect(audited.has(id), id).toBe(true);
  });

  it('clients that disconnect mid-request: no crash, nothing audited for them, every slot released', async () => {
    for (let i = 0; i < 40; i++) {
      const conn = await openRaw(sidecar.port);
      const req = rawPost('/v1/prompt/check', PROMPT, { ...auth, 'X-Request-Id': `gone-${i}` });
      // Cut at varying points: inside the headers, at the body, inside the body.
      await conn.write(req.slice(0, Math.max(1, req.length - 1 - ((i * 7) % 60))));
      conn.destroy();
    }
    await othersAreServed();
    // Requests in progress drop back to zero: no slot of the concurrency limit leaked.
    let state = await loadState();
    for (let tries = 0; state.inFlight !== 0 && tries < 50; tries++) {
      await sleep(100);
      state = await loadState();
    }
    expect(state.inFlight).toBe(0);
    const records = checkAuditConsistency(auditPath).records;
    expect(records.filter((r) => String(r['requestId']).startsWith('gone-'))).toEqual([]);
    expect(sidecar.child.exitCode).toBeNull();
  });

  it('stays healthy and its audit consistent after all of it', async () => {
    const res = await request(`${sidecar.url}/health`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(checkAuditConsistency(auditPath).problems).toEqual([]);
  });
});
