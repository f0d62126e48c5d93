import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startSidecar, unsafe } from '../helpers/sidecar-process';
import { request } from '../helpers/http';

// Bad configuration stops start-up with exit 2 and one clear line naming the variable: never a stack.
const cases: { name: string; env: Record<string, string | undefined>; message: RegExp }[] = [
  { name: 'non-numeric port', env: { KALGUARD_PORT: 'abc' }, message: /KALGUARD_PORT: expected a whole number/ },
  { name: 'port out of range', env: { KALGUARD_PORT: '70000' }, message: /KALGUARD_PORT/ },
  { name: 'sanitize above block', env: { KALGUARD_PROMPT_SANITIZE_THRESHOLD: '80', KALGUARD_PROMPT_BLOCK_THRESHOLD: '70' }, message: /KALGUARD_PROMPT_SANITIZE_THRESHOLD: must not be above KALGUARD_PROMPT_BLOCK_THRESHOLD/ },
  { name: 'typo in a variable name', env: { KALGUARD_POLCY_PATH: '/etc/p.json' }, message: /KALGUARD_POLCY_PATH: unknown variable; did you mean KALGUARD_POLICY_PATH\?/ },
  { name: 'bad boolean', env: { KALGUARD_POLICY_WATCH: 'maybe' }, message: /KALGUARD_POLICY_WATCH: expected true or false/ },
  { name: 'unknown unsafe override', env: { KALGUARD_ALLOW_UNSAFE: unsafe('rooot') }, message: /KALGUARD_ALLOW_UNSAFE: unknown override "rooot"/ },
  { name: 'bad log level', env: { KALGUARD_LOG_LEVEL: 'loud' }, message: /KALGUARD_LOG_LEVEL/ },
  { name: 'no token secret', env: { KALGUARD_TOKEN_SECRET: undefined }, message: /KALGUARD_TOKEN_SECRET is not set.*KALGUARD_ALLOW_UNSAFE=no-token-secret/ },
  { name: 'missing policy file', env: { KALGUARD_POLICY_PATH: '/nonexistent/policy.json' }, message: /Cannot read policy/ },
];

describe('start-up refuses bad configuration', () => {
  it.each(cases)('$name → exit 2 with a clear message', async ({ env, message }) => {
    const result = await runCli(['serve'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('an invalid policy file stops start-up (no fallback)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-cfg-'));
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ version: '1', rules: [{ id: 'r', match: { agentIds: ['a'], colour: 'red' }, decision: 'allow' }] }));
    const result = await runCli(['serve'], { KALGUARD_POLICY_PATH: policy });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('rules[0].match.colour');
  });

  it('starts without a secret only with the no-token-secret override, and says so', async () => {
    const sidecar = await startSidecar({ env: { KALGUARD_TOKEN_SECRET: undefined, KALGUARD_ALLOW_UNSAFE: unsafe('no-token-secret') } });
    try {
      expect(sidecar.logs.some((l) => l['level'] === 'warn' && String(l['msg']).includes('no-token-secret'))).toBe(true);
      const health = await request(`${sidecar.url}/health`);
      expect(health.body.unsafe).toContain('no-token-secret');
    } finally {
      await sidecar.stop();
    }
  });
});
