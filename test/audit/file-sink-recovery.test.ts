import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileAuditSink, type AuditRecord } from '../../src/audit';
import { FIXED_NOW, readLines, readRecords, useTempDir } from './helpers';

const tempDir = useTempDir();
const line = (seq: number, extra: Record<string, unknown> = {}): string =>
  `${JSON.stringify({ seq, ts: '2025-01-01T00:00:00.000Z', type: 'prompt.decision', ...extra })}\n`;

async function appendAndClose(path: string, count: number): Promise<AuditRecord[]> {
  const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW });
  const records = await Promise.all(Array.from({ length: count }, () => sink.append({ type: 'tool.decision' })));
  await sink.close();
  return records;
}

describe('createFileAuditSink: recovery on open', () => {
  it('continues the sequence across restarts', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    await appendAndClose(path, 5);
    const second = await appendAndClose(path, 3);
    expect(second.map((r) => r.seq)).toEqual([6, 7, 8]);
    expect(readRecords(path).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('terminates a torn last line, reports it and keeps later records parseable', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    const half = line(3).slice(0, 25);
    writeFileSync(path, line(1) + line(2) + half);

    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW });
    expect(sink.recovery).toMatchObject({ status: 'torn', tornBytes: 25, lastGoodSeq: 2, nextSeq: 3 });
    const next = await sink.append({ type: 'startup' });
    await sink.close();

    const lines = readLines(path);
    expect(lines[2]).toBe(half); // left in place for the investigator, on a line of its own
    const after = lines.slice(3).map((l) => JSON.parse(l) as AuditRecord);
    expect(after[0]).toMatchObject({ seq: 3, type: 'audit.recovered', reasonCode: 'audit.torn_line', details: { tornBytes: 25, lastGoodSeq: 2 } });
    expect(next.seq).toBe(4);
    expect(after.map((r) => r.seq)).toEqual([3, 4]);
  });

  it('starts sanely on a file of garbage', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    writeFileSync(path, 'not json\n\u0000\u0001binary\nstill not');
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW });
    expect(sink.recovery).toMatchObject({ status: 'torn', lastGoodSeq: null, nextSeq: 1 });
    expect((await sink.append({ type: 'startup' })).seq).toBe(2);
    await sink.close();
    const lines = readLines(path);
    expect(lines.slice(0, 3)).toEqual(['not json', '\u0000\u0001binary', 'still not']);
    const ours = lines.slice(3).map((l) => JSON.parse(l) as AuditRecord);
    expect(ours[0]).toMatchObject({ seq: 1, type: 'audit.recovered', details: { lastGoodSeq: null, skippedLines: 2 } });
  });

  it('does not go backwards when only a fragment names a seq', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    writeFileSync(path, 'corrupt {"seq":41,"ts" corrupt\n');
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW });
    expect(sink.recovery).toMatchObject({ status: 'unparseable', nextSeq: 42 });
    expect((await sink.append({ type: 'startup' })).seq).toBe(43);
    await sink.close();
  });

  it('finds the last seq behind a record larger than the first tail window', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    writeFileSync(path, line(1) + line(2, { content: 'x'.repeat(200 * 1024) }));
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW });
    expect(sink.recovery).toMatchObject({ status: 'clean', nextSeq: 3 });
    await sink.close();
  });

  it('treats an empty existing file as new', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    writeFileSync(path, '');
    const sink = await createFileAuditSink({ path, fsync: false, now: FIXED_NOW });
    expect(sink.recovery.status).toBe('empty');
    expect((await sink.append({ type: 'startup' })).seq).toBe(1);
    await sink.close();
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(2);
  });

  it('recovers a line torn by a previous writer even after later restarts', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    await appendAndClose(path, 2);
    appendFileSync(path, '{"seq":3,"ts":"2025');
    await appendAndClose(path, 1);
    const third = await appendAndClose(path, 1);
    expect(third[0]?.seq).toBe(5);
    const lines = readLines(path);
    expect(lines.filter((l) => l.startsWith('{"seq":3,"ts":"2025-01-02'))).toHaveLength(1);
  });
});
