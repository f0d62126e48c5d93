import { existsSync, mkdirSync, readFileSync, renameSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createFileAuditSink, type AuditRecord } from '../../src/audit';
import type { KalguardError } from '../../src/errors';
import { createTestFs, errno, FIXED_NOW, readLines, readRecords, useTempDir } from './helpers';

const tempDir = useTempDir();
const event = { type: 'tool.decision', decision: 'deny' } as const;
const unavailable = { name: 'KalguardError', code: 'ERR_AUDIT_UNAVAILABLE', status: 503 };

describe('createFileAuditSink: failing writes', () => {
  it('rejects, reports down, recovers and explains the gap once writes work again', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const { fs, control } = createTestFs();
    const onError = vi.fn<(error: KalguardError) => void>();
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW, fs, onError });
    expect((await sink.append(event)).seq).toBe(1);

    control.writeError = errno('ENOSPC', 'ENOSPC: no space left on device, write');
    const failed = await Promise.allSettled([sink.append(event), sink.append(event)]);
    await expect(sink.append(event)).rejects.toMatchObject({ ...unavailable, message: 'Cannot record audit event: write failed: ENOSPC: no space left on device, write' });
    expect(failed.every((r) => r.status === 'rejected')).toBe(true);
    expect(sink.health()).toEqual({ healthy: false, mode: 'file', lastError: 'Cannot record audit event: write failed: ENOSPC: no space left on device, write' });
    expect(onError).toHaveBeenCalledTimes(1); // a transition, not one call per failed batch

    control.writeError = undefined;
    const next = await sink.append(event);
    expect(sink.health()).toEqual({ healthy: true, mode: 'file' });
    await sink.close();

    const records = readRecords(path);
    // 2 and 3 failed; the third append's batch (gap note 4, record 5) failed too, so the note now
    // covers 2..5, including the note that never made it.
    expect(records.map((r) => r.seq)).toEqual([1, 6, 7]);
    expect(records[1]).toMatchObject({ type: 'audit.recovered', reasonCode: 'audit.write_failed', details: { unacknowledged: [{ from: 2, to: 5 }] } });
    expect(next.seq).toBe(7);
  });

  it('never glues a record to half a line left by a failed write', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const { fs, control } = createTestFs();
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW, fs });
    await sink.append(event);
    control.tearNextWrite = true;
    await expect(sink.append(event)).rejects.toMatchObject(unavailable);
    await sink.append(event);
    await sink.close();

    const lines = readLines(path);
    expect(lines).toHaveLength(4); // seq 1, the torn half of seq 2, the gap note, seq 4
    expect(() => JSON.parse(lines[1] ?? '')).toThrow();
    const parsed = [lines[0], lines[2], lines[3]].map((l) => JSON.parse(l ?? '') as AuditRecord);
    expect(parsed.map((r) => r.seq)).toEqual([1, 3, 4]);
    expect(parsed[1]).toMatchObject({ reasonCode: 'audit.write_failed', details: { unacknowledged: [{ from: 2, to: 2 }] } });
  });

  it('keeps deciding the same way when the error callback itself throws', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const { fs, control } = createTestFs();
    const onError = (): void => {
      throw new Error('logger broke');
    };
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW, fs, onError });
    control.writeError = errno('EIO');
    await expect(sink.append(event)).rejects.toMatchObject({ ...unavailable, message: expect.stringContaining('EIO') });
    expect(sink.health().healthy).toBe(false);
    await sink.close();
  });

  it('rejects when fsync fails', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const { fs, control } = createTestFs();
    const sink = await createFileAuditSink({ path, fsync: true, now: FIXED_NOW, fs });
    control.fsyncError = errno('EIO');
    await expect(sink.append(event)).rejects.toMatchObject({ ...unavailable, message: expect.stringContaining('fsync failed') });
    expect(sink.health().healthy).toBe(false);
    control.fsyncError = undefined;
    await sink.append(event);
    expect(sink.health().healthy).toBe(true);
    await sink.close();
  });

  it.runIf(existsSync('/dev/full'))('rejects on a real full device (/dev/full)', async () => {
    const sink = await createFileAuditSink({ path: '/dev/full', fsync: false, now: FIXED_NOW });
    expect(sink.recovery.status).toBe('empty');
    await expect(sink.append(event)).rejects.toMatchObject({ ...unavailable, message: expect.stringContaining('ENOSPC') });
    expect(sink.health()).toMatchObject({ healthy: false, lastError: expect.stringContaining('ENOSPC') });
    await sink.close();
  });

  it('refuses an event JSON cannot represent without leaving a gap', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW });
    await expect(sink.append({ ...event, details: { big: 1n } })).rejects.toMatchObject({ ...unavailable, message: expect.stringMatching(/record cannot be built: .*BigInt/) });
    expect((await sink.append(event)).seq).toBe(1);
    expect(sink.health().healthy).toBe(true);
    await sink.close();
  });

  it('fails to start when the file cannot be opened', async () => {
    const path = join(tempDir(), 'missing-dir', 'audit.jsonl');
    await expect(createFileAuditSink({ path, fsync: false, now: FIXED_NOW })).rejects.toMatchObject({ ...unavailable, message: expect.stringContaining('ENOENT') });
  });
});

describe('createFileAuditSink: reopen (log rotation)', () => {
  it('writes to a new file at the same path after a rename, leaving the old one intact', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.jsonl');
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW });
    await Promise.all([sink.append(event), sink.append(event)]);
    renameSync(path, join(dir, 'audit.jsonl.1'));
    const inFlight = sink.append(event); // before the signal: still the old inode
    await sink.reopen();
    await inFlight;
    await sink.append(event);
    await sink.close();
    expect(readRecords(join(dir, 'audit.jsonl.1')).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(readRecords(path).map((r) => r.seq)).toEqual([4]);
  });

  it('is down while the path cannot be opened, and back once it can', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.jsonl');
    const { fs, control } = createTestFs();
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW, fs });
    await sink.append(event);
    renameSync(path, join(dir, 'audit.jsonl.1'));
    mkdirSync(path);

    await expect(sink.reopen()).rejects.toMatchObject({ ...unavailable, message: expect.stringContaining('EISDIR') });
    expect(sink.health()).toMatchObject({ healthy: false, lastError: expect.stringContaining('EISDIR') });
    const opensBefore = control.calls.open;
    await expect(sink.append(event)).rejects.toMatchObject(unavailable);
    expect(control.calls.open).toBe(opensBefore + 1); // the append tried to open again first

    rmdirSync(path);
    const record = await sink.append(event);
    expect(sink.health()).toEqual({ healthy: true, mode: 'file' });
    await sink.close();
    expect(readRecords(path).map((r) => r.seq)).toEqual([3, record.seq]);
    expect(readRecords(path)[0]).toMatchObject({ reasonCode: 'audit.write_failed', details: { unacknowledged: [{ from: 2, to: 2 }] } });
  });

  it('refuses to reopen once closed', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW });
    await sink.close();
    await expect(sink.reopen()).rejects.toMatchObject(unavailable);
    expect(readFileSync(path, 'utf8')).toBe('');
  });
});
