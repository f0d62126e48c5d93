import { describe, expect, it } from 'vitest';
import { createTokenVerifier, createVerifiedTokenCache } from '../../src/auth';
import { bearer, goodClaims, hmacToken, LEEWAY_S, NOW_MS, NOW_S, OTHER_SECRET, PREVIOUS_SECRET, SECRET } from './token-fixtures';

// The cache must only ever save work: it must never accept what a fresh verification would refuse.
function verifierAt(clock: { ms: number }, extra: { previousSecret?: string } = {}) {
  const cache = createVerifiedTokenCache({ maxEntries: 8, maxTokenLength: 2048 });
  const verifier = createTokenVerifier({
    secret: SECRET,
    previousSecret: extra.previousSecret,
    expectedIssuer: undefined,
    clockSkewSeconds: LEEWAY_S,
    now: () => clock.ms,
    cache,
  });
  return { verifier, cache };
}

describe('verified-token cache', () => {
  it('stores a verified token and serves it again', async () => {
    const clock = { ms: NOW_MS };
    const { verifier, cache } = verifierAt(clock);
    const token = hmacToken(goodClaims());
    expect((await verifier.verify(bearer(token))).ok).toBe(true);
    expect(cache.size()).toBe(1);
    expect((await verifier.verify(bearer(token))).ok).toBe(true);
  });

  it('refuses a cached token once it expires (the clock is re-checked on every hit)', async () => {
    const clock = { ms: NOW_MS };
    const { verifier, cache } = verifierAt(clock);
    const token = hmacToken(goodClaims({ exp: NOW_S + 60 }));
    expect((await verifier.verify(bearer(token))).ok).toBe(true);
    clock.ms = NOW_MS + (60 + LEEWAY_S + 1) * 1000;
    const expired = await verifier.verify(bearer(token));
    expect(expired).toMatchObject({ ok: false, reason: 'token.expired' });
    expect(cache.size()).toBe(0);
  });

  it('never serves a tampered copy of a cached token', async () => {
    const clock = { ms: NOW_MS };
    const { verifier } = verifierAt(clock);
    const token = hmacToken(goodClaims());
    expect((await verifier.verify(bearer(token))).ok).toBe(true);
    const [h, , sig] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify(goodClaims({ sub: 'admin' }))).toString('base64url');
    expect(await verifier.verify(bearer(`${h}.${forgedPayload}.${sig}`))).toMatchObject({ ok: false, reason: 'token.signature_invalid' });
    expect(await verifier.verify(bearer(hmacToken(goodClaims(), { secret: OTHER_SECRET })))).toMatchObject({ ok: false, reason: 'token.signature_invalid' });
  });

  it('does not cache failures, and keeps the previous-secret flag on hits', async () => {
    const clock = { ms: NOW_MS };
    const { verifier, cache } = verifierAt(clock, { previousSecret: PREVIOUS_SECRET });
    await verifier.verify(bearer(hmacToken(goodClaims(), { secret: OTHER_SECRET })));
    expect(cache.size()).toBe(0);
    const old = hmacToken(goodClaims(), { secret: PREVIOUS_SECRET });
    const first = await verifier.verify(bearer(old));
    const second = await verifier.verify(bearer(old));
    expect(first.ok && first.principal.verifiedWithPreviousSecret).toBe(true);
    expect(second.ok && second.principal.verifiedWithPreviousSecret).toBe(true);
  });

  it('is bounded in entries and does not store over-long tokens', async () => {
    const clock = { ms: NOW_MS };
    const { verifier, cache } = verifierAt(clock);
    for (let i = 0; i < 50; i++) await verifier.verify(bearer(hmacToken(goodClaims({ sub: `agent-${i}` }))));
    expect(cache.size()).toBe(8);
    const small = createVerifiedTokenCache({ maxEntries: 8, maxTokenLength: 10 });
    small.set('x'.repeat(11), { payload: {}, verifiedWithPreviousSecret: false });
    expect(small.size()).toBe(0);
  });
});
