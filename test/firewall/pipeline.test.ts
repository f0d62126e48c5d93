import { describe, expect, it } from 'vitest';
import { evaluatePrompt, FIREWALL_LIMITS, type Detector, type PromptMessage } from '../../src/firewall';

// The pipeline's own promises, checked with stub detectors so that they hold whatever the
// detector families do: role awareness, spans in original coordinates, calibrated combination,
// sanitising every occurrence, secrets, and fail-closed size caps.
const thresholds = { block: 70, sanitize: 50 };

function stub(id: string, word: string, weight: number): Detector {
  const pattern = new RegExp(word, 'g');
  return {
    name: id,
    patterns: [pattern],
    detect(view) {
      return [...view.text.matchAll(pattern)].map((m) => ({ id, category: 'injection' as const, start: m.index, end: m.index + m[0].length, weight, description: id }));
    },
  };
}
const strong = stub('injection.test_strong', 'override', 80);
const medium = stub('injection.test_medium', 'tricky', 50);
const other = stub('jailbreak.test_other', 'unlocked', 50);
const run = (messages: PromptMessage[], detectors: Detector[] = [strong, medium, other]) => evaluatePrompt(messages, thresholds, { detectors });
const user = (...texts: string[]): PromptMessage => ({ role: 'user', texts });

describe('firewall pipeline', () => {
  it('does not score system and developer messages', () => {
    expect(run([{ role: 'system', texts: ['override override'] }, { role: 'developer', texts: ['override'] }]).riskScore).toBe(0);
  });

  it('scores user and tool messages fully and assistant messages at half weight', () => {
    expect(run([user('please override')]).riskScore).toBe(80);
    expect(run([{ role: 'tool', texts: ['override'] }]).riskScore).toBe(80);
    expect(run([{ role: 'assistant', texts: ['override'] }]).riskScore).toBe(40);
  });

  it('reports spans in the original text, for every occurrence, with message and part indexes', () => {
    const text = 'Hello  there, OVERRIDE now and override again';
    const verdict = run([{ role: 'system', texts: ['x'] }, user('first part', text)]);
    const spans = verdict.findings.filter((f) => f.id === 'injection.test_strong');
    expect(spans.map((f) => text.slice(f.start, f.end).toLowerCase())).toEqual(['override', 'override']);
    expect(spans.every((f) => f.messageIndex === 1 && f.partIndex === 1)).toBe(true);
  });

  it('combines independent evidence without saturating on repeats', () => {
    const once = run([user('tricky')]).riskScore;
    const repeated = run([user('tricky tricky tricky tricky')]).riskScore;
    const twoFamilies = run([user('tricky and unlocked')]).riskScore;
    expect(once).toBe(50);
    expect(repeated).toBe(once);
    expect(twoFamilies).toBe(75);
    expect(run([user('tricky unlocked override')]).riskScore).toBeLessThan(100);
  });

  it('maps score to action and risk level, and names the top finding', () => {
    const blocked = run([user('tricky override')]);
    expect(blocked).toMatchObject({ action: 'block', allowed: false, riskLevel: 'critical', topFindingId: 'injection.test_strong' });
    const sanitized = run([user('a tricky request')]);
    expect(sanitized).toMatchObject({ action: 'sanitize', allowed: true, riskLevel: 'medium' });
    expect(run([user('hello')])).toMatchObject({ action: 'allow', allowed: true, riskLevel: 'low', riskScore: 0 });
  });

  it('sanitizes every occurrence and keeps the message shape', () => {
    const verdict = run([{ role: 'system', texts: ['sys'] }, user('tricky one, tricky two', 'clean part')]);
    expect(verdict.action).toBe('sanitize');
    expect(verdict.sanitizedMessages).toEqual([
      { role: 'system', texts: ['sys'] },
      { role: 'user', texts: ['[REDACTED:injection.test_medium] one, [REDACTED:injection.test_medium] two', 'clean part'] },
    ]);
  });

  it('strips invisible characters from sanitized text', () => {
    const verdict = run([user('a tricky\u2060 request\u200B here')]);
    expect(verdict.action).toBe('sanitize');
    expect(verdict.sanitizedMessages?.[0]?.texts[0]).toBe('a [REDACTED:injection.test_medium] request here');
  });

  it('treats a keyword split by zero-width characters plus a bidi override as obfuscation, on top of the match', () => {
    const verdict = run([user('tri\u200Bcky? no: tricky\u2060 \u202Eok')]);
    expect(verdict.findings.some((f) => f.category === 'obfuscation')).toBe(true);
    expect(verdict.riskScore).toBeGreaterThan(run([user('tricky')]).riskScore);
  });

  it('reports secrets with no score contribution and redacts them even when allowed', () => {
    const key = 'AKIA' + 'ABCDEFGHIJKLMNOP';
    const verdict = run([user(`my key is ${key} thanks`)]);
    expect(verdict.riskScore).toBe(0);
    expect(verdict.allowed).toBe(true);
    expect(verdict.findings).toContainEqual(expect.objectContaining({ id: 'secret.aws_access_key', contribution: 0 }));
    expect(verdict.sanitizedMessages?.[0]?.texts[0]).toBe('my key is [REDACTED:secret.aws_access_key] thanks');
  });

  it('blocks text beyond the scan limits instead of passing it unread', () => {
    const big = 'a'.repeat(FIREWALL_LIMITS.maxCharsPerPart + 1);
    expect(run([user(big)])).toMatchObject({ action: 'block', topFindingId: 'input.oversized' });
    const half = 'b'.repeat(FIREWALL_LIMITS.maxCharsPerPart - 10);
    expect(run([user(half), user(half), user(half)]).action).toBe('block');
    expect(run([user('b'.repeat(1000))]).action).toBe('allow');
  });

  it('is deterministic', () => {
    const messages = [user('tricky override unlocked'), { role: 'tool' as const, texts: ['override'] }];
    expect(JSON.stringify(run(messages))).toBe(JSON.stringify(run(messages)));
  });
});
