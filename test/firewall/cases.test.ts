import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluatePrompt, type MessageRole } from '../../src/firewall';

/**
 * Every regression case in test/firewall/cases/*.jsonl through the full firewall. Each fixed false
 * positive and each closed bypass lives there as data. Expectations: block (score ≥ 70), sanitize
 * (50–69), flag (≥ 50), allow (< 50).
 */
interface Case {
  readonly text: string;
  readonly role?: MessageRole;
  readonly expect: 'block' | 'sanitize' | 'flag' | 'allow';
  readonly note?: string;
}

const dir = new URL('./cases/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
const cases = files.flatMap((file) =>
  readFileSync(new URL(file, dir), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i) => ({ file, line: i + 1, ...(JSON.parse(line) as Case) })),
);
const thresholds = { block: 70, sanitize: 50 };

describe('firewall regression cases', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)('$file:$line $expect — $note', (c) => {
    const verdict = evaluatePrompt([{ role: c.role ?? 'user', texts: [c.text] }], thresholds);
    const score = verdict.riskScore;
    const summary = `score ${score}, findings ${[...new Set(verdict.findings.map((f) => f.id))].join(',')}`;
    if (c.expect === 'block') expect(score, summary).toBeGreaterThanOrEqual(70);
    if (c.expect === 'sanitize') expect([score >= 50, score < 70], summary).toEqual([true, true]);
    if (c.expect === 'flag') expect(score, summary).toBeGreaterThanOrEqual(50);
    if (c.expect === 'allow') expect(score, summary).toBeLessThan(50);
  });
});

// Rules must be written for attack families, not copied from the development corpus; the same
// goes for the cases that pin them. Any 60-character run shared with a corpus text fails.
const corpusPath = new URL('../../../shared/corpus/dev.jsonl', import.meta.url);
describe.runIf(existsSync(corpusPath))('regression cases are our own words', () => {
  it('share no 60-character run with the development corpus', () => {
    const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
    const shingles = new Set<string>();
    for (const line of readFileSync(corpusPath, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const text = fold((JSON.parse(line) as { text: string }).text);
      for (let i = 0; i + 60 <= text.length; i += 20) shingles.add(text.slice(i, i + 60));
    }
    const copied = cases.filter((c) => {
      const text = fold(c.text);
      for (let i = 0; i + 60 <= text.length; i++) if (shingles.has(text.slice(i, i + 60))) return true;
      return false;
    });
    expect(copied.map((c) => `${c.file}:${c.line}`)).toEqual([]);
  });
});
