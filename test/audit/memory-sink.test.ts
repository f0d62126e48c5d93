import { describe, expect, it } from 'vitest';
import { createMemoryAuditSink } from '../../src/audit';
import { FIXED_NOW } from './helpers';

describe('createMemoryAuditSink', () => {
  it('keeps the newest `capacity` records, oldest first, with increasing seq', async () => {
    const capacity = 7;
    const sink = createMemoryAuditSink({ capacity, now: FIXED_NOW });
    for (let i = 0; i < capacity * 3; i += 1) await sink.append({ type: 'prompt.decision', requestId: `r${i}` });
    const recent = sink.recent();
    expect(recent).toHaveLength(capacity);
    expect(recent.map((r) => r.seq)).toEqual([15, 16, 17, 18, 19, 20, 21]);
    expect(recent[0]?.requestId).toBe('r14');
  });

  it('returns a partial ring oldest first and stamps records', async () => {
    const sink = createMemoryAuditSink({ capacity: 5, now: FIXED_NOW });
    const first = await sink.append({ type: 'startup' });
    await sink.append({ type: 'tool.decision', decision: 'deny' });
    expect(first).toEqual({ seq: 1, ts: '2025-01-02T03:04:05.678Z', type: 'startup' });
    expect(sink.recent().map((r) => r.type)).toEqual(['startup', 'tool.decision']);
    expect(sink.health()).toEqual({ healthy: true, mode: 'memory' });
  });

  it('refuses an unserialisable event without using up a seq', async () => {
    const sink = createMemoryAuditSink({ capacity: 5, now: FIXED_NOW });
    await expect(sink.append({ type: 'startup', details: { n: 1n } })).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' });
    expect((await sink.append({ type: 'startup' })).seq).toBe(1);
  });

  it('is down after close', async () => {
    const sink = createMemoryAuditSink({ capacity: 5, now: FIXED_NOW });
    await sink.reopen();
    await sink.close();
    expect(sink.health()).toEqual({ healthy: false, mode: 'memory', lastError: 'audit sink closed' });
    await expect(sink.append({ type: 'startup' })).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' });
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects capacity %s', (capacity) => {
    expect(() => createMemoryAuditSink({ capacity, now: FIXED_NOW })).toThrow(/capacity must be a positive integer/);
  });
});
