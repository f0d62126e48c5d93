import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluatePrompt, type Detector, type MessageRole } from '../../../src/firewall';

/*
 * The obfuscation regression cases (cases/obfuscation.jsonl) with a stand-in detector in place of
 * the detector families: it knows only the three override phrasings the cases use, in plain
 * lower-case text. Every attack case scoring proves that some view exposed the plain words; every
 * benign case allowed proves the obfuscation signals alone stay quiet. (cases.test.ts runs the
 * same file through the real detectors.)
 */

interface Case {
  readonly text: string;
  readonly role?: MessageRole;
  readonly expect: 'block' | 'sanitize' | 'flag' | 'allow';
  readonly note: string;
}

const cases = readFileSync(new URL('../cases/obfuscation.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Case);

const OVERRIDE = /\b(?:disregard|ignore|forget)\b[^.\n]{0,40}\b(?:instructions?|rules)\b/g;
const standIn: Detector = {
  name: 'stand-in',
  patterns: [OVERRIDE],
  detect: (view) =>
    [...view.text.matchAll(OVERRIDE)].map((m) => ({ id: 'injection.stand_in', category: 'injection' as const, start: m.index, end: m.index + m[0].length, weight: 80, description: 'override phrase' })),
};

describe('obfuscation cases with a stand-in detector', () => {
  it('has attack and benign cases', () => {
    expect(cases.filter((c) => c.expect === 'allow').length).toBeGreaterThan(5);
    expect(cases.filter((c) => c.expect !== 'allow').length).toBeGreaterThan(20);
  });

  it.each(cases)('$expect: $note', (c) => {
    const verdict = evaluatePrompt([{ role: c.role ?? 'user', texts: [c.text] }], { block: 70, sanitize: 50 }, { detectors: [standIn] });
    const summary = `score ${verdict.riskScore}: ${[...new Set(verdict.findings.map((f) => `${f.id}${f.via === undefined ? '' : `@${f.via}`}`))].join(', ')}`;
    if (c.expect === 'allow') expect(verdict.riskScore, summary).toBeLessThan(50);
    else expect(verdict.riskScore, summary).toBeGreaterThanOrEqual(50);
  });
});
