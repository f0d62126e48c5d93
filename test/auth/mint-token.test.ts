import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier, mintToken, type MintTokenOptions } from '../../src/auth';
import { isKalguardError } from '../../src/errors';
import { LEEWAY_S, NOW_MS, NOW_S, SECRET } from './token-fixtures';

const base: MintTokenOptions = {
  secret: SECRET,
  agentId: 'agent-7',
  capabilities: ['tool:execute'],
  ttlSeconds: 900,
  issuer: 'kalguard',
  now: () => NOW_MS,
};

function verifierAt(nowMs: number) {
  return createTokenVerifier({ secret: SECRET, previousSecret: undefined, expectedIssuer: 'kalguard', clockSkewSeconds: LEEWAY_S, now: () => nowMs });
}

describe('mintToken', () => {
  it('round-trips through the verifier', async () => {
    const token = await mintToken({ ...base, metadata: { owner: 'team-a' } });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const result = await verifierAt(NOW_MS).verify(`Bearer ${token}`);
    expect(result).toEqual({
      ok: true,
      principal: {
        agentId: 'agent-7',
        issuer: 'kalguard',
        capabilities: ['tool:execute'],
        metadata: { owner: 'team-a' },
        expiresAt: NOW_S + 900,
        verifiedWithPreviousSecret: false,
      },
    });
  });

  it('omits metadata when none is given', async () => {
    const result = await verifierAt(NOW_MS).verify(`Bearer ${await mintToken(base)}`);
    expect(result).toMatchObject({ ok: true, principal: { metadata: undefined } });
  });

  it('mints a token that expires after the ttl (plus leeway)', async () => {
    const token = await mintToken(base);
    const later = await verifierAt(NOW_MS + (900 + LEEWAY_S) * 1000).verify(`Bearer ${token}`);
    expect(later).toMatchObject({ ok: false, reason: 'token.expired' });
  });

  it.each([
    ['an empty secret', { secret: '' }],
    ['an empty agent id', { agentId: '' }],
    ['a zero ttl', { ttlSeconds: 0 }],
    ['a fractional ttl', { ttlSeconds: 1.5 }],
    ['an empty capability', { capabilities: [''] }],
  ] as const)('refuses %s', async (_name, overrides) => {
    const error: unknown = await mintToken({ ...base, ...overrides }).catch((e: unknown) => e);
    expect(isKalguardError(error) && error.code).toBe('ERR_USAGE');
  });
});
