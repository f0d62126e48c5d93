import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentFields, serializeRecord, sha256Hex, stampRecord, type AuditRecord } from '../../src/audit';

/** Every boundary a line reader might split on: JSONL readers, Python's splitlines, editors. */
const LINE_BREAKERS = /[\n\r\v\f\x1c-\x1e\u0085\u2028\u2029]/;

function expectOneLine(line: string): void {
  expect(line.endsWith('\n')).toBe(true);
  expect(LINE_BREAKERS.test(line.slice(0, -1))).toBe(false);
}

describe('sha256Hex', () => {
  it('hashes text as UTF-8 and buffers as bytes', () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(sha256Hex('abc')).toBe(abc);
    expect(sha256Hex(Buffer.from('abc'))).toBe(abc);
  });
});

describe('contentFields', () => {
  it('hashes a string as itself and other values as their JSON', () => {
    expect(contentFields('hello', false)).toEqual({ contentSha256: sha256Hex('hello') });
    const args = { path: '/etc/passwd', n: [1, 2] };
    expect(contentFields(args, false)).toEqual({ contentSha256: sha256Hex(JSON.stringify(args)) });
    expect(contentFields(undefined, false)).toEqual({ contentSha256: sha256Hex('null') });
  });

  it('keeps raw content only when the operator opted in', () => {
    expect('content' in contentFields('secret', false)).toBe(false);
    expect(contentFields('secret', true)).toEqual({ contentSha256: sha256Hex('secret'), content: 'secret' });
  });
});

describe('stampRecord', () => {
  it('leads with seq and ts, which an event cannot override', () => {
    const sneaky = { type: 'prompt.decision', seq: 999, ts: 'forged' } as unknown as Parameters<typeof stampRecord>[0];
    const record = stampRecord(sneaky, 7, '2025-01-01T00:00:00.000Z');
    expect(record.seq).toBe(7);
    expect(record.ts).toBe('2025-01-01T00:00:00.000Z');
    expect(serializeRecord(record).startsWith('{"seq":7,"ts":"2025-01-01T00:00:00.000Z","type":')).toBe(true);
  });
});

describe('serializeRecord', () => {
  const base: AuditRecord = { seq: 1, ts: '2025-01-01T00:00:00.000Z', type: 'prompt.decision' };

  it('keeps a hostile prompt on exactly one parseable line', () => {
    const prompt = 'a\nb\r\nc\u2028d\u2029e\u0085f\ud800g\udfffh\v\f\x1c\u0000"\\';
    const line = serializeRecord({ ...base, content: prompt, details: { [prompt]: prompt } });
    expectOneLine(line);
    const parsed = JSON.parse(line) as AuditRecord;
    expect(parsed.content).toBe(prompt);
    expect(parsed.details).toEqual({ [prompt]: prompt });
  });

  it('omits undefined fields', () => {
    const line = serializeRecord({ ...base, requestId: undefined, details: { a: undefined, b: 1 } } as unknown as AuditRecord);
    expect(line).toBe('{"seq":1,"ts":"2025-01-01T00:00:00.000Z","type":"prompt.decision","details":{"b":1}}\n');
  });

  it('round-trips any string of UTF-16 code units on one line', () => {
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.string({ unit: codeUnit }), fc.string({ unit: 'binary' }), (content, reason) => {
        const line = serializeRecord({ ...base, content, reason });
        expectOneLine(line);
        const parsed = JSON.parse(line) as AuditRecord;
        expect(parsed.content).toBe(content);
        expect(parsed.reason).toBe(reason);
      }),
      { numRuns: 200 },
    );
  });

  it('throws for values JSON cannot represent', () => {
    expect(() => serializeRecord({ ...base, details: { n: 1n } })).toThrow(TypeError);
  });
});
