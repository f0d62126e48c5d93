import { describe, expect, it } from 'vitest';
import { checkStartupSafety, weakSecretReason, type StartupFacts } from '../../src/safety';

const STRONG = '9f1c2e7a4b8d3f6e0a5c9b2d7e4f1a8c3b6d0e9f2a5c8b1d4e7f0a3c6b9d2e5f';
const safe: StartupFacts = {
  uid: 1000,
  tokenSecret: STRONG,
  policy: { path: '/etc/kalguard/policy.json', mode: 0o100644, uid: 0 },
  policyDir: { path: '/etc/kalguard', mode: 0o40755, uid: 0 },
  policyDefaultDecision: 'deny',
  auditDir: { path: '/var/log/kalguard', mode: 0o40750, uid: 1000 },
  nodeExecArgv: [],
  nodeOptions: undefined,
};

// Each unsafe fact → exactly the override that names it; the message says what, why and how.
const cases: { name: string; facts: Partial<StartupFacts>; override: string; says: RegExp }[] = [
  { name: 'no secret', facts: { tokenSecret: undefined }, override: 'no-token-secret', says: /not set.*openssl rand/ },
  { name: 'short secret', facts: { tokenSecret: 'short-secret' }, override: 'weak-token-secret', says: /12 bytes long/ },
  { name: 'repeated secret', facts: { tokenSecret: 'ab'.repeat(32) }, override: 'weak-token-secret', says: /distinct characters|repeats/ },
  { name: 'sequence secret', facts: { tokenSecret: 'abcdefghijklmnopqrstuvwxyz0123456789ABCD' }, override: 'weak-token-secret', says: /consecutive/ },
  { name: 'root', facts: { uid: 0 }, override: 'root', says: /uid 0.*unprivileged/ },
  { name: 'policy writable by others', facts: { policy: { path: '/p.json', mode: 0o100666, uid: 0 } }, override: 'writable-policy', says: /writable by others \(mode 0666\)/ },
  { name: 'policy writable by group', facts: { policy: { path: '/p.json', mode: 0o100664, uid: 0 } }, override: 'writable-policy', says: /writable by its group/ },
  { name: 'policy dir writable', facts: { policyDir: { path: '/etc/k', mode: 0o40777, uid: 0 } }, override: 'writable-policy', says: /policy directory/ },
  { name: 'policy owned by another user', facts: { policy: { path: '/p.json', mode: 0o100644, uid: 1234 } }, override: 'writable-policy', says: /owned by uid 1234/ },
  { name: 'audit dir writable by others', facts: { auditDir: { path: '/tmp', mode: 0o41777, uid: 0 } }, override: 'writable-audit-dir', says: /writable by others/ },
  { name: 'default allow', facts: { policyDefaultDecision: 'allow' }, override: 'default-allow', says: /defaultDecision is "allow"/ },
  { name: '--inspect on the command line', facts: { nodeExecArgv: ['--inspect=0.0.0.0:9229'] }, override: 'node-options', says: /--inspect/ },
  { name: '--require in NODE_OPTIONS', facts: { nodeOptions: '--max-old-space-size=512 --require /tmp/x.js' }, override: 'node-options', says: /--require/ },
  { name: '-r in NODE_OPTIONS', facts: { nodeOptions: '-r ./hook.js' }, override: 'node-options', says: /-r/ },
  { name: '--import', facts: { nodeOptions: '--import=data:text/javascript,1' }, override: 'node-options', says: /--import/ },
];

describe('start-up safety gate', () => {
  it('accepts safe facts', () => {
    expect(checkStartupSafety(safe, [])).toEqual({ refusals: [], overridden: [] });
  });

  it('accepts a world-writable policy directory on a read-only mount (a Kubernetes ConfigMap volume)', () => {
    const configMap = { path: '/etc/kalguard-sidecar/policy', mode: 0o42777, uid: 0, readOnlyMount: true };
    expect(checkStartupSafety({ ...safe, policyDir: configMap }, [])).toEqual({ refusals: [], overridden: [] });
    expect(checkStartupSafety({ ...safe, policyDir: { ...configMap, readOnlyMount: false } }, []).refusals).toHaveLength(1);
  });

  it('accepts a policy owned by the service user, and harmless NODE_OPTIONS', () => {
    const facts = { ...safe, policy: { path: '/p.json', mode: 0o100600, uid: 1000 }, nodeOptions: '--max-old-space-size=512' };
    expect(checkStartupSafety(facts, []).refusals).toEqual([]);
  });

  it.each(cases)('$name → refused, naming $override; accepted with the override', ({ facts, override, says }) => {
    const refused = checkStartupSafety({ ...safe, ...facts }, []);
    expect(refused.refusals.map((p) => p.override)).toEqual([override]);
    expect(refused.refusals[0]!.message).toMatch(says);
    const overridden = checkStartupSafety({ ...safe, ...facts }, [override as never]);
    expect(overridden.refusals).toEqual([]);
    expect(overridden.overridden.map((p) => p.override)).toEqual([override]);
  });

  it('an override for one problem does not accept another', () => {
    const verdict = checkStartupSafety({ ...safe, uid: 0, policyDefaultDecision: 'allow' }, ['root']);
    expect(verdict.refusals.map((p) => p.override)).toEqual(['default-allow']);
  });
});

describe('secret strength', () => {
  it.each([
    ['openssl rand -hex 32', STRONG],
    ['openssl rand -hex 16', '3f9a1c7e5b2d8f4a6c0e9b1d7f3a5c8e'],
    ['openssl rand -base64 32', 'q3Zt8vW1nRkP0yXc4LmA7dGs2HjB9uEfTo5iKwNzYbQ='],
  ])('accepts %s', (_name, secret) => {
    expect(weakSecretReason(secret)).toBeUndefined();
  });
  it.each([['x'.repeat(31)], ['a'.repeat(64)], ['passwordpasswordpasswordpassword'], ['0123456789012345678901234567890123456789']])('rejects %s', (secret) => {
    expect(weakSecretReason(secret)).toBeDefined();
  });
});
