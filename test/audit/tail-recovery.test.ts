import { describe, expect, it } from 'vitest';
import { analyzeTail, planRecovery, recoveredEvent } from '../../src/audit/tail-recovery';

const rec = (seq: number): string => `${JSON.stringify({ seq, ts: 't', type: 'startup' })}\n`;

interface Case {
  readonly name: string;
  readonly text: string;
  readonly fromStart?: boolean;
  readonly status: string;
  readonly nextSeq: number;
  readonly tornBytes?: number;
  readonly lastGoodSeq?: number | null;
  readonly skippedLines?: number;
}

const cases: readonly Case[] = [
  { name: 'empty', text: '', status: 'empty', nextSeq: 1, lastGoodSeq: null },
  { name: 'clean', text: rec(1) + rec(2), status: 'clean', nextSeq: 3, lastGoodSeq: 2 },
  { name: 'torn last line', text: rec(1) + rec(2) + '{"seq":3,"ts":"t","ty', status: 'torn', nextSeq: 3, tornBytes: 21, lastGoodSeq: 2 },
  { name: 'torn, nothing else', text: '{"seq":3,"t', status: 'torn', nextSeq: 4, tornBytes: 11, lastGoodSeq: null },
  { name: 'garbage only', text: 'hello\nworld\n', status: 'unparseable', nextSeq: 1, lastGoodSeq: null, skippedLines: 2 },
  { name: 'garbage with a seq in it', text: 'xx"seq":41,yy\nzz\n', status: 'unparseable', nextSeq: 42, lastGoodSeq: null },
  { name: 'garbage after good lines', text: rec(5) + 'oops\n', status: 'unparseable', nextSeq: 6, lastGoodSeq: 5, skippedLines: 1 },
  { name: 'blank lines are harmless', text: rec(5) + '\n\n', status: 'clean', nextSeq: 6, lastGoodSeq: 5 },
  { name: 'a JSON line without seq is not a record', text: rec(5) + '{"a":1}\n', status: 'unparseable', nextSeq: 6, lastGoodSeq: 5 },
  { name: 'a cut first segment is never trusted', text: '"seq":9}\n', fromStart: false, status: 'unparseable', nextSeq: 10, lastGoodSeq: null, skippedLines: 0 },
];

describe('analyzeTail + planRecovery', () => {
  it.each(cases)('$name', (c) => {
    const window = Buffer.from(c.text);
    const recovery = planRecovery(analyzeTail(window, c.fromStart ?? true), window.length);
    expect(recovery.status).toBe(c.status);
    expect(recovery.nextSeq).toBe(c.nextSeq);
    expect(recovery.tornBytes).toBe(c.tornBytes ?? 0);
    if (c.lastGoodSeq !== undefined) expect(recovery.lastGoodSeq).toBe(c.lastGoodSeq);
    if (c.skippedLines !== undefined) expect(recovery.skippedLines).toBe(c.skippedLines);
  });

  it('describes only files that did not end cleanly', () => {
    const clean = planRecovery(analyzeTail(Buffer.from(rec(1)), true), 10);
    expect(recoveredEvent(clean)).toBeUndefined();
    const torn = planRecovery(analyzeTail(Buffer.from(rec(1) + '{"se'), true), 10);
    expect(recoveredEvent(torn)).toMatchObject({
      type: 'audit.recovered',
      reasonCode: 'audit.torn_line',
      details: { tornBytes: 4, lastGoodSeq: 1 },
    });
  });
});
