import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, compileGlobList } from '../../src/policy';

/**
 * Reference matcher: the textbook dynamic programme over (pattern, value) prefixes. Quadratic but
 * obviously correct, which is what a reference is for.
 */
function referenceMatch(pattern: string, value: string): boolean {
  const p = pattern.length;
  const v = value.length;
  // row[j]: does pattern[0..i) match value[0..j)?
  let row: boolean[] = Array.from({ length: v + 1 }, (_, j) => j === 0);
  for (let i = 1; i <= p; i++) {
    const next: boolean[] = new Array<boolean>(v + 1).fill(false);
    const star = pattern[i - 1] === '*';
    next[0] = star && row[0] === true;
    for (let j = 1; j <= v; j++) {
      next[j] = star ? row[j] === true || next[j - 1] === true : row[j - 1] === true && pattern[i - 1] === value[j - 1];
    }
    row = next;
  }
  return row[v] === true;
}

// Small alphabets so that random patterns and values actually overlap.
const patternArb = fc.string({ unit: fc.constantFrom('a', 'b', '*', '.'), maxLength: 10 });
const valueArb = fc.string({ unit: fc.constantFrom('a', 'b', '.', 'c'), maxLength: 14 });

describe('compileGlob', () => {
  it('agrees with the reference matcher on random patterns and values', () => {
    fc.assert(
      fc.property(patternArb, valueArb, (pattern, value) => {
        expect(compileGlob(pattern)(value)).toBe(referenceMatch(pattern, value));
      }),
      { numRuns: 5_000 },
    );
  });

  it('agrees with the reference matcher on values built to match (the interesting half)', () => {
    // Replace each * by a random filler: the result must match, and near-misses must agree too.
    const matchingArb = fc
      .array(fc.tuple(fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 3 }), fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 3 })), {
        maxLength: 4,
      })
      .map((parts) => ({
        pattern: parts.map(([literal]) => literal).join('*'),
        value: parts.map(([literal, filler]) => literal + filler).join(''),
      }));
    fc.assert(
      fc.property(matchingArb, fc.nat(), ({ pattern, value }, cut) => {
        expect(compileGlob(pattern)(value)).toBe(referenceMatch(pattern, value));
        const shorter = value.slice(0, cut % (value.length + 1));
        expect(compileGlob(pattern)(shorter)).toBe(referenceMatch(pattern, shorter));
      }),
      { numRuns: 3_000 },
    );
  });

  it.each([
    ['*', '', true],
    ['*', 'anything at all', true],
    ['**', '', true],
    ['', '', true],
    ['', 'x', false],
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['a*', 'a', true],
    ['*a', 'ba', true],
    ['*a', 'ab', false],
    ['a*a', 'a', false], // prefix and suffix must not share the single `a`
    ['a*a', 'aa', true],
    ['ab*ba', 'aba', false],
    ['a*b*c', 'abbc', true],
    ['a*b*c', 'acbc', true],
    ['a*bb*c', 'abc', false],
    ['a.b', 'axb', false],
    ['.*', 'anything', false], // regex syntax is literal: this only matches values starting with "."
    ['.*', '.x', true],
    ['^a$', '^a$', true],
    ['[ab]', 'a', false],
  ] as const)('%j against %j → %s', (pattern, value, expected) => {
    expect(compileGlob(pattern)(value)).toBe(expected);
    expect(referenceMatch(pattern, value)).toBe(expected);
  });

  it('stays fast on adversarial input (a sanity bound, not a benchmark)', () => {
    const many = 'a'.repeat(100_000);
    const cases: [string, string, boolean][] = [
      ['*a*a*a*a*a*b', many, false],
      ['*a*a*a*a*a*b', `${many}b`, true],
      ['*aaaaaaaaab*', many, false],
      [`${'*a'.repeat(50)}*b`, many, false],
      [`a${'*a'.repeat(50)}`, many, true],
    ];
    const started = performance.now();
    for (const [pattern, value, expected] of cases) expect(compileGlob(pattern)(value)).toBe(expected);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('compileGlobList', () => {
  it('matches when any pattern matches, literals and globs alike', () => {
    const matches = compileGlobList(['agent-1', 'ops-*', '*-prod']);
    expect(['agent-1', 'ops-', 'ops-x', 'api-prod'].map(matches)).toEqual([true, true, true, true]);
    expect(['agent-2', 'agent-1x', 'op-x', 'api-prod-2', ''].map(matches)).toEqual([false, false, false, false, false]);
  });

  it('with literals only, is an exact set lookup', () => {
    const matches = compileGlobList(['a', 'b']);
    expect([matches('a'), matches('b'), matches('ab'), matches('')]).toEqual([true, true, false, false]);
  });
});
