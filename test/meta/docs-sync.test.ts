import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema, UNSAFE_OVERRIDE_NAMES } from '../../src/config';
import { ERROR_CODES } from '../../src/errors';

// The registries and the README are checked against each other both ways, so neither can drift.
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const mentioned = (pattern: RegExp) => new Set([...readme.matchAll(pattern)].map((m) => m[1]!));

describe('README is in sync with the code', () => {
  it('documents every KALGUARD_* variable, and only those', () => {
    const inCode = new Set(Object.keys(envSchema.shape));
    const tableRows = mentioned(/^\| `(KALGUARD_[A-Z_]+)` \|/gm);
    expect([...tableRows].sort()).toEqual([...inCode].sort());
    const anywhere = mentioned(/\b(KALGUARD_[A-Z_]+[A-Z])\b/g);
    for (const name of anywhere) expect(inCode.has(name), `README mentions unknown ${name}`).toBe(true);
  });

  it('documents every error code, and only those', () => {
    const inCode = new Set(Object.keys(ERROR_CODES));
    const inReadme = mentioned(/`(ERR_[A-Z_]+)`/g);
    expect([...inReadme].sort()).toEqual([...inCode].sort());
  });

  it('documents every safety override', () => {
    const rows = mentioned(/^\| `([a-z-]+)` \| /gm);
    for (const name of UNSAFE_OVERRIDE_NAMES) expect(rows.has(name), name).toBe(true);
  });
});

describe('README firewall catalogue is in sync with the detectors', () => {
  it('documents every finding id the firewall can emit, and only those', async () => {
    const { readdirSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = new URL('../../src/firewall', import.meta.url).pathname;
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
    const inCode = new Set<string>();
    for (const f of files(root)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/'((?:injection|jailbreak|exfiltration|delimiter|indirect|obfuscation|secret|input)\.[a-z_]+)'/g)) inCode.add(m[1]!);
    }
    const inReadme = mentioned(/^\| `((?:injection|jailbreak|exfiltration|delimiter|indirect|obfuscation|secret|input)\.[a-z_]+)` \|/gm);
    expect([...inReadme].sort()).toEqual([...inCode].sort());
  });
});
