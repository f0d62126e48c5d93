import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileAuditSink, type AuditRecord } from '../../src/audit';
import { createGate, createTestFs, FIXED_NOW, readLines, readRecords, settleIo, useTempDir } from './helpers';

const tempDir = useTempDir();
const event = (i: number) => ({ type: 'prompt.decision', requestId: `req-${i}`, decision: 'allow' }) as const;

describe('createFileAuditSink: group commit', () => {
  it('writes 2,000 concurrent appends as gap-free, ordered lines in few writes', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const { fs, control } = createTestFs();
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW, fs });
    const records = await Promise.all(Array.from({ length: 2000 }, (_, i) => sink.append(event(i))));
    await sink.close();

    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    const lines = readLines(path);
    expect(lines).toHaveLength(2000);
    const onDisk = lines.map((line) => JSON.parse(line) as AuditRecord);
    expect(onDisk.map((r) => r.seq)).toEqual(records.map((r) => r.seq));
    expect(onDisk.map((r) => r.requestId)).toEqual(records.map((r) => r.requestId));
    expect(onDisk[0]).toEqual({ seq: 1, ts: '2025-01-02T03:04:05.678Z', type: 'prompt.decision', requestId: 'req-0', decision: 'allow' });
    expect(control.calls.write).toBeLessThan(2000 / 10);
  });

  it('keeps call order and batches while appends trickle in across event-loop turns', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const { fs, control } = createTestFs();
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW, fs });
    const pending: Promise<AuditRecord>[] = [];
    for (let turn = 0; turn < 200; turn += 1) {
      for (let i = 0; i < 10; i += 1) pending.push(sink.append(event(turn * 10 + i)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(pending);
    await sink.close();
    const onDisk = readRecords(path);
    expect(onDisk.map((r) => r.seq)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect(onDisk.map((r) => r.requestId)).toEqual(Array.from({ length: 2000 }, (_, i) => `req-${i}`));
    expect(control.calls.write).toBeLessThan(2000);
  });

  it('resolves an append only once its line is in the file', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW });
    const seen = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        sink.append(event(i)).then((record) => readLines(path).some((line) => (JSON.parse(line) as AuditRecord).seq === record.seq)),
      ),
    );
    expect(seen.every(Boolean)).toBe(true);
    await sink.close();
  });

  it('does not resolve while the write is held back', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const { fs, control } = createTestFs();
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW, fs });
    const gate = createGate();
    control.gate = gate.promise;
    let settled = false;
    const append = sink.append(event(1)).finally(() => {
      settled = true;
    });
    await settleIo();
    expect(settled).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('');
    gate.open();
    await append;
    expect(readRecords(path).map((r) => r.seq)).toEqual([1]);
    await sink.close();
  });

  it('fsyncs once per batch, not once per record', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const { fs, control } = createTestFs();
    const sink = await createFileAuditSink({ path, fsync: true, now: FIXED_NOW, fs });
    for (let burst = 0; burst < 3; burst += 1) {
      await Promise.all(Array.from({ length: 500 }, (_, i) => sink.append(event(i))));
    }
    await sink.close();
    expect(control.calls.fsync).toBe(control.calls.write);
    expect(control.calls.fsync).toBeGreaterThanOrEqual(3);
    expect(control.calls.fsync).toBeLessThan(1500 / 10);
    expect(control.calls.directorySync).toBe(1); // the new file's directory entry, once
  });

  it('syncs nothing without fsync', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const { fs, control } = createTestFs();
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW, fs });
    await Promise.all(Array.from({ length: 10 }, (_, i) => sink.append(event(i))));
    await sink.close();
    expect(control.calls).toMatchObject({ fsync: 0, directorySync: 0 });
  });

  it('finishes short writes', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const { fs, control } = createTestFs();
    control.maxWriteBytes = 7;
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW, fs });
    await Promise.all(Array.from({ length: 20 }, (_, i) => sink.append(event(i))));
    await sink.close();
    expect(readRecords(path).map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});

describe('createFileAuditSink: the file', () => {
  it('creates the file with mode 0600', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW });
    await sink.append(event(1));
    await sink.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('appends to an existing file, keeping its content', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const previous = `${JSON.stringify({ seq: 1, ts: 'x', type: 'startup' })}\n`;
    writeFileSync(path, previous);
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW });
    expect(sink.recovery.status).toBe('clean');
    await sink.append(event(1));
    await sink.close();
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith(previous)).toBe(true);
    expect(readRecords(path).map((r) => r.seq)).toEqual([1, 2]);
  });

  it('flushes pending appends on close and refuses appends after it', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW });
    const pending = Array.from({ length: 100 }, (_, i) => sink.append(event(i)));
    await sink.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(100);
    expect(readLines(path)).toHaveLength(100);
    await expect(sink.append(event(101))).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE', message: 'Cannot record audit event: audit sink closed' });
    expect(sink.health()).toEqual({ healthy: false, mode: 'file', lastError: 'audit sink closed' });
    expect(sink.recent()).toEqual([]);
    await expect(sink.close()).resolves.toBeUndefined();
  });

  it('refuses appends beyond the pending bound instead of growing without limit', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const { fs, control } = createTestFs();
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW, fs, maxPendingRecords: 5 });
    const gate = createGate();
    control.gate = gate.promise;
    const accepted = Array.from({ length: 5 }, (_, i) => sink.append(event(i)));
    await expect(sink.append(event(5))).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' });
    expect(sink.health()).toMatchObject({ healthy: false, lastError: expect.stringContaining('waiting for the disk') });
    gate.open();
    expect((await Promise.all(accepted)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(sink.health()).toEqual({ healthy: true, mode: 'file' });
    expect((await sink.append(event(6))).seq).toBe(6);
    await sink.close();
  });

  it('bounds pending bytes too', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const { fs, control } = createTestFs();
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW, fs, maxPendingBytes: 1024 });
    const gate = createGate();
    control.gate = gate.promise;
    const big = sink.append({ type: 'prompt.decision', reason: 'x'.repeat(2000) });
    await expect(sink.append(event(1))).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE', message: expect.stringContaining('bytes') });
    gate.open();
    expect((await big).seq).toBe(1);
    expect((await sink.append(event(2))).seq).toBe(2);
    await sink.close();
  });
});
