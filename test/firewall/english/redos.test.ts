import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ENGLISH_DETECTORS, delimiterSpoofingDetector, instructionOverrideDetector, outputForcingDetector, personaJailbreakDetector, promptExtractionDetector } from '../../../src/firewall/detectors/english';

// Every RegExp the english families use goes through recheck's exact (automaton) analysis.
// Patterns are kept within its limits on purpose — bounded repeats summing to at most 30 per
// pattern — so that "safe" is a proof, not the fuzzer's best guess.
const require = createRequire(import.meta.url);
const { checkSync } = require('recheck') as { checkSync: (source: string, flags: string) => { status: string; checker?: string } };

const detectors = [...ENGLISH_DETECTORS, instructionOverrideDetector, personaJailbreakDetector, promptExtractionDetector, delimiterSpoofingDetector, outputForcingDetector];
const patterns = [...new Map(detectors.flatMap((d) => d.patterns).map((p) => [`${p.source}/${p.flags}`, p])).values()];

describe('english: every pattern is ReDoS-safe', () => {
  it('has patterns', () => {
    expect(patterns.length).toBeGreaterThan(50);
  });

  it.each(patterns.map((p) => [p.source.slice(0, 80), p] as const))('%s', (_, pattern) => {
    const result = checkSync(pattern.source, pattern.flags);
    expect(result.status).toBe('safe');
    expect(result.checker).toBe('automaton');
  });
});
