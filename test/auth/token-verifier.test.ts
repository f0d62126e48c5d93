import { exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier, type TokenFailureReason, type TokenVerifierOptions } from '../../src/auth';
import { isKalguardError } from '../../src/errors';
import {
  b64url,
  bearer,
  goodClaims,
  hmacToken,
  ISSUER,
  joseToken,
  LEEWAY_S,
  NOW_MS,
  NOW_S,
  OTHER_SECRET,
  PREVIOUS_SECRET,
  SECRET,
} from './token-fixtures';

function verifier(overrides: Partial<TokenVerifierOptions> = {}) {
  return createTokenVerifier({
    secret: SECRET,
    previousSecret: undefined,
    expectedIssuer: undefined,
    clockSkewSeconds: LEEWAY_S,
    now: () => NOW_MS,
    ...overrides,
  });
}

type Expectation = { readonly ok: true } | { readonly reason: TokenFailureReason; readonly agentId?: string };

interface AttackCase {
  readonly name: string;
  /** The whole Authorization header (built lazily: some need async key generation). */
  readonly header: () => Promise<string | undefined> | string | undefined;
  readonly options?: Partial<TokenVerifierOptions>;
  readonly expect: Expectation;
}

let rsaPrivate: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let attackerJwk: Record<string, unknown>;
beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  rsaPrivate = pair.privateKey;
  attackerJwk = { ...(await exportJWK(pair.publicKey)) };
});

const good = () => hmacToken(goodClaims());
const [goodHeader = '', goodPayload = '', goodSignature = ''] = good().split('.');

/** The same bytes, spelled with the last character's unused low bits set differently. */
function respellLastChar(segment: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const index = alphabet.indexOf(segment.at(-1)!);
  const respelled = `${segment.slice(0, -1)}${alphabet[index ^ 1]}`;
  if (!Buffer.from(respelled, 'base64url').equals(Buffer.from(segment, 'base64url'))) throw new Error('fixture: not the same bytes');
  return respelled;
}

const ATTACKS: readonly AttackCase[] = [
  // The header itself.
  { name: 'missing header', header: () => undefined, expect: { reason: 'token.missing' } },
  { name: 'empty header', header: () => '', expect: { reason: 'token.missing' } },
  { name: 'Basic scheme', header: () => 'Basic dXNlcjpwYXNz', expect: { reason: 'token.malformed' } },
  { name: '"Bearer" alone', header: () => 'Bearer', expect: { reason: 'token.malformed' } },
  { name: '"Bearer " and nothing', header: () => 'Bearer ', expect: { reason: 'token.malformed' } },
  { name: 'two tokens', header: () => `${bearer(good())} ${good()}`, expect: { reason: 'token.malformed' } },
  { name: 'two tokens, comma-separated', header: () => `${bearer(good())},${good()}`, expect: { reason: 'token.malformed' } },
  { name: 'tab instead of space', header: () => `Bearer\t${good()}`, expect: { reason: 'token.malformed' } },
  { name: 'garbage token', header: () => 'Bearer not-a-jwt', expect: { reason: 'token.malformed' } },
  { name: 'two-part token', header: () => bearer(`${goodHeader}.${goodPayload}`), expect: { reason: 'token.malformed' } },
  { name: 'five-part (JWE-shaped) token', header: () => bearer(`${good()}.a.b`), expect: { reason: 'token.malformed' } },
  { name: 'header not JSON', header: () => bearer(`${b64url('nope')}.${goodPayload}.${goodSignature}`), expect: { reason: 'token.malformed' } },
  { name: 'huge token (100 KB)', header: () => bearer(hmacToken(goodClaims({ pad: 'x'.repeat(100_000) }))), expect: { reason: 'token.malformed' } },

  // Algorithms.
  {
    name: 'alg none, empty signature',
    header: () => bearer(`${b64url('{"alg":"none","typ":"JWT"}')}.${b64url(JSON.stringify(goodClaims()))}.`),
    expect: { reason: 'token.algorithm_not_allowed', agentId: 'agent-1' },
  },
  {
    name: 'alg "None" (case games)',
    header: () => bearer(hmacToken(goodClaims(), { header: { alg: 'None', typ: 'JWT' } })),
    expect: { reason: 'token.algorithm_not_allowed' },
  },
  {
    name: 'HS384 with the right secret',
    header: () => bearer(hmacToken(goodClaims(), { header: { alg: 'HS384', typ: 'JWT' }, hash: 'sha384' })),
    expect: { reason: 'token.algorithm_not_allowed' },
  },
  {
    name: 'HS512 with the right secret',
    header: () => bearer(hmacToken(goodClaims(), { header: { alg: 'HS512', typ: 'JWT' }, hash: 'sha512' })),
    expect: { reason: 'token.algorithm_not_allowed' },
  },
  { name: 'RS256', header: async () => bearer(await joseToken(goodClaims(), 'RS256', rsaPrivate)), expect: { reason: 'token.algorithm_not_allowed' } },
  { name: 'no alg in header', header: () => bearer(hmacToken(goodClaims(), { header: { typ: 'JWT' } })), expect: { reason: 'token.malformed' } },

  // Signatures.
  { name: 'signed with another secret', header: () => bearer(hmacToken(goodClaims(), { secret: OTHER_SECRET })), expect: { reason: 'token.signature_invalid', agentId: 'agent-1' } },
  {
    name: 'alg HS256 but signature from an RS256 key',
    header: async () => {
      const rsaSignature = (await joseToken(goodClaims(), 'RS256', rsaPrivate)).split('.')[2] ?? '';
      return bearer(`${goodHeader}.${goodPayload}.${rsaSignature}`);
    },
    expect: { reason: 'token.signature_invalid' },
  },
  {
    name: 'attacker key embedded in the header (jwk)',
    header: () => bearer(hmacToken(goodClaims(), { secret: OTHER_SECRET, header: { alg: 'HS256', jwk: attackerJwk } })),
    expect: { reason: 'token.signature_invalid' },
  },
  {
    name: 'payload tampered after signing (sub changed, signature kept)',
    header: () => bearer(`${goodHeader}.${b64url(JSON.stringify(goodClaims({ sub: 'admin' })))}.${goodSignature}`),
    expect: { reason: 'token.signature_invalid', agentId: 'admin' },
  },
  {
    // A 32-byte signature is 43 base64url characters: the last one carries 2 unused bits. Another
    // spelling decodes to the same bytes and would verify; it is refused as not canonical.
    name: 'signature re-spelled with other unused trailing bits',
    header: () => bearer(`${goodHeader}.${goodPayload}.${respellLastChar(goodSignature)}`),
    expect: { reason: 'token.malformed', agentId: 'agent-1' },
  },
  { name: 'payload with base64 padding', header: () => bearer(`${goodHeader}.${goodPayload}==.${goodSignature}`), expect: { reason: 'token.malformed' } },
  { name: 'signature stripped', header: () => bearer(`${goodHeader}.${goodPayload}.`), expect: { reason: 'token.signature_invalid' } },
  {
    name: 'unknown crit header',
    header: () => bearer(hmacToken(goodClaims(), { header: { alg: 'HS256', crit: ['x-kalguard'], 'x-kalguard': 1 } })),
    expect: { reason: 'token.malformed' },
  },

  // Time.
  { name: 'expired beyond the leeway', header: () => bearer(hmacToken(goodClaims({ exp: NOW_S - LEEWAY_S - 1 }))), expect: { reason: 'token.expired', agentId: 'agent-1' } },
  { name: 'expired exactly at now - leeway', header: () => bearer(hmacToken(goodClaims({ exp: NOW_S - LEEWAY_S }))), expect: { reason: 'token.expired' } },
  { name: 'expired within the leeway', header: () => bearer(hmacToken(goodClaims({ exp: NOW_S - LEEWAY_S + 1 }))), expect: { ok: true } },
  { name: 'missing exp', header: () => bearer(hmacToken(goodClaims({ exp: undefined }))), expect: { reason: 'token.claims_invalid' } },
  { name: 'exp as a string', header: () => bearer(hmacToken(goodClaims({ exp: String(NOW_S + 3600) }))), expect: { reason: 'token.claims_invalid' } },
  { name: 'nbf in the future', header: () => bearer(hmacToken(goodClaims({ nbf: NOW_S + LEEWAY_S + 1 }))), expect: { reason: 'token.not_yet_valid' } },
  { name: 'nbf in the future within the leeway', header: () => bearer(hmacToken(goodClaims({ nbf: NOW_S + LEEWAY_S }))), expect: { ok: true } },
  { name: 'iat in the future beyond the leeway', header: () => bearer(hmacToken(goodClaims({ iat: NOW_S + LEEWAY_S + 1 }))), expect: { reason: 'token.not_yet_valid' } },
  { name: 'iat in the future within the leeway', header: () => bearer(hmacToken(goodClaims({ iat: NOW_S + LEEWAY_S }))), expect: { ok: true } },
  { name: 'iat not a number', header: () => bearer(hmacToken(goodClaims({ iat: 'yesterday' }))), expect: { reason: 'token.claims_invalid' } },

  // Claims.
  { name: 'missing sub', header: () => bearer(hmacToken(goodClaims({ sub: undefined }))), expect: { reason: 'token.claims_invalid' } },
  { name: 'empty sub', header: () => bearer(hmacToken(goodClaims({ sub: '' }))), expect: { reason: 'token.claims_invalid' } },
  { name: 'numeric sub', header: () => bearer(hmacToken(goodClaims({ sub: 42 }))), expect: { reason: 'token.claims_invalid' } },
  { name: 'capabilities a string', header: () => bearer(hmacToken(goodClaims({ capabilities: 'tool:execute' }))), expect: { reason: 'token.claims_invalid', agentId: 'agent-1' } },
  { name: 'capabilities with a number', header: () => bearer(hmacToken(goodClaims({ capabilities: ['tool:execute', 1] }))), expect: { reason: 'token.claims_invalid' } },
  { name: 'metadata an array', header: () => bearer(hmacToken(goodClaims({ metadata: ['a'] }))), expect: { reason: 'token.claims_invalid' } },
  { name: 'metadata a string', header: () => bearer(hmacToken(goodClaims({ metadata: 'a' }))), expect: { reason: 'token.claims_invalid' } },
  { name: 'iss not a string', header: () => bearer(hmacToken(goodClaims({ iss: 7 }))), expect: { reason: 'token.claims_invalid' } },
  {
    name: 'wrong issuer when one is expected',
    header: () => bearer(hmacToken(goodClaims({ iss: 'someone-else' }))),
    options: { expectedIssuer: ISSUER },
    expect: { reason: 'token.issuer_mismatch' },
  },
  {
    name: 'no issuer when one is expected',
    header: () => bearer(hmacToken(goodClaims({ iss: undefined }))),
    options: { expectedIssuer: ISSUER },
    expect: { reason: 'token.issuer_mismatch' },
  },
  { name: 'right issuer when one is expected', header: () => bearer(good()), options: { expectedIssuer: ISSUER }, expect: { ok: true } },

  // Accepted forms.
  { name: 'valid token', header: () => bearer(good()), expect: { ok: true } },
  { name: 'lower-case scheme', header: () => `bearer ${good()}`, expect: { ok: true } },
  { name: 'upper-case scheme', header: () => `BEARER ${good()}`, expect: { ok: true } },
  { name: 'capabilities missing (= none)', header: () => bearer(hmacToken(goodClaims({ capabilities: undefined }))), expect: { ok: true } },
];

describe('token verifier: attack table', () => {
  it.each(ATTACKS)('$name', async ({ header, options, expect: expected }) => {
    const result = await verifier(options).verify(await header());
    if ('ok' in expected) {
      expect(result).toMatchObject({ ok: true });
      return;
    }
    expect(result).toMatchObject({ ok: false, reason: expected.reason });
    if (expected.agentId !== undefined) expect(result).toMatchObject({ agentId: expected.agentId });
    if (!result.ok) expect(result.detail.length).toBeGreaterThan(0);
  });
});

describe('token verifier: principal', () => {
  it('carries agent id, issuer, capabilities, metadata and expiry', async () => {
    const token = hmacToken(goodClaims({ metadata: { team: 'search', tier: 2 } }));
    const result = await verifier().verify(bearer(token));
    expect(result).toEqual({
      ok: true,
      principal: {
        agentId: 'agent-1',
        issuer: ISSUER,
        capabilities: ['prompt:send', 'tool:execute'],
        metadata: { team: 'search', tier: 2 },
        expiresAt: NOW_S + 3600,
        verifiedWithPreviousSecret: false,
      },
    });
    if (result.ok) expect(Object.isFrozen(result.principal)).toBe(true);
  });

  it('has no capabilities and no metadata when the token has none', async () => {
    const result = await verifier().verify(bearer(hmacToken(goodClaims({ capabilities: undefined, iss: undefined }))));
    expect(result).toMatchObject({ ok: true, principal: { capabilities: [], metadata: undefined, issuer: undefined } });
  });

  it('verifies a token made with plain node HMAC (kalguard-core compatibility)', async () => {
    // Exactly the bytes any HS256 implementation produces; no jose on the signing side.
    const { createHmac } = await import('node:crypto');
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(
      JSON.stringify({ sub: 'core-agent', iss: 'kalguard-core', iat: NOW_S, exp: NOW_S + 600, capabilities: ['tool:execute'], metadata: { env: 'prod' } }),
    );
    const signature = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url');
    const result = await verifier().verify(`Bearer ${header}.${payload}.${signature}`);
    expect(result).toMatchObject({
      ok: true,
      principal: { agentId: 'core-agent', issuer: 'kalguard-core', capabilities: ['tool:execute'], metadata: { env: 'prod' } },
    });
  });
});

describe('token verifier: secret rotation', () => {
  const signedWithPrevious = () => bearer(hmacToken(goodClaims(), { secret: PREVIOUS_SECRET }));

  it('accepts a token signed with the previous secret when it is configured, and says so', async () => {
    const result = await verifier({ previousSecret: PREVIOUS_SECRET }).verify(signedWithPrevious());
    expect(result).toMatchObject({ ok: true, principal: { agentId: 'agent-1', verifiedWithPreviousSecret: true } });
  });

  it('rejects it when no previous secret is configured', async () => {
    const result = await verifier().verify(signedWithPrevious());
    expect(result).toMatchObject({ ok: false, reason: 'token.signature_invalid' });
  });

  it('still uses the current secret first', async () => {
    const result = await verifier({ previousSecret: PREVIOUS_SECRET }).verify(bearer(hmacToken(goodClaims())));
    expect(result).toMatchObject({ ok: true, principal: { verifiedWithPreviousSecret: false } });
  });

  it('reports the real failure of a previous-secret token (expired), not the signature mismatch', async () => {
    const token = hmacToken(goodClaims({ exp: NOW_S - 3600 }), { secret: PREVIOUS_SECRET });
    const result = await verifier({ previousSecret: PREVIOUS_SECRET }).verify(bearer(token));
    expect(result).toMatchObject({ ok: false, reason: 'token.expired' });
  });

  it('rejects a token signed with neither secret', async () => {
    const token = hmacToken(goodClaims(), { secret: OTHER_SECRET });
    const result = await verifier({ previousSecret: PREVIOUS_SECRET }).verify(bearer(token));
    expect(result).toMatchObject({ ok: false, reason: 'token.signature_invalid' });
  });
});

describe('token verifier: no-secret mode (no-token-secret override)', () => {
  const noSecret = () => verifier({ secret: undefined });
  const cases: readonly { name: string; header: () => string; expect: Expectation }[] = [
    { name: 'accepts a wrongly-signed but unexpired token', header: () => bearer(hmacToken(goodClaims(), { secret: OTHER_SECRET })), expect: { ok: true } },
    { name: 'rejects an expired token', header: () => bearer(hmacToken(goodClaims({ exp: NOW_S - 3600 }), { secret: OTHER_SECRET })), expect: { reason: 'token.expired' } },
    {
      name: 'rejects alg none',
      header: () => bearer(`${b64url('{"alg":"none","typ":"JWT"}')}.${b64url(JSON.stringify(goodClaims()))}.`),
      expect: { reason: 'token.algorithm_not_allowed' },
    },
    {
      name: 'rejects HS512',
      header: () => bearer(hmacToken(goodClaims(), { header: { alg: 'HS512' }, hash: 'sha512' })),
      expect: { reason: 'token.algorithm_not_allowed' },
    },
    { name: 'rejects a stripped signature', header: () => bearer(`${goodHeader}.${goodPayload}.`), expect: { reason: 'token.malformed' } },
    { name: 'rejects a two-part token', header: () => bearer(`${goodHeader}.${goodPayload}`), expect: { reason: 'token.malformed' } },
    { name: 'rejects nbf in the future', header: () => bearer(hmacToken(goodClaims({ nbf: NOW_S + 3600 }))), expect: { reason: 'token.not_yet_valid' } },
    { name: 'rejects iat in the future', header: () => bearer(hmacToken(goodClaims({ iat: NOW_S + 3600 }))), expect: { reason: 'token.not_yet_valid' } },
    { name: 'rejects a missing exp', header: () => bearer(hmacToken(goodClaims({ exp: undefined }))), expect: { reason: 'token.claims_invalid' } },
    { name: 'rejects a missing sub', header: () => bearer(hmacToken(goodClaims({ sub: undefined }))), expect: { reason: 'token.claims_invalid' } },
    { name: 'rejects metadata that is an array', header: () => bearer(hmacToken(goodClaims({ metadata: [] }))), expect: { reason: 'token.claims_invalid' } },
    {
      name: 'rejects an unknown crit header',
      header: () => bearer(hmacToken(goodClaims(), { header: { alg: 'HS256', crit: ['b64'], b64: false } })),
      expect: { reason: 'token.malformed' },
    },
  ];
  it.each(cases)('$name', async ({ header, expect: expected }) => {
    const result = await noSecret().verify(header());
    if ('ok' in expected) expect(result).toMatchObject({ ok: true, principal: { agentId: 'agent-1' } });
    else expect(result).toMatchObject({ ok: false, reason: expected.reason });
  });

  it('enforces the expected issuer too', async () => {
    const result = await verifier({ secret: undefined, expectedIssuer: 'other' }).verify(bearer(good()));
    expect(result).toMatchObject({ ok: false, reason: 'token.issuer_mismatch' });
  });
});

describe('token verifier: never throws', () => {
  it('denies when the clock throws', async () => {
    const broken = verifier({
      now: () => {
        throw new Error('clock broke');
      },
    });
    const result = await broken.verify(bearer(good()));
    expect(result.ok).toBe(false);
  });

  it('denies a non-string header value (duplicated header arrays)', async () => {
    const result = await verifier().verify([bearer(good()), bearer(good())] as unknown as string);
    expect(result).toMatchObject({ ok: false, reason: 'token.malformed' });
  });

  it('keeps the unverified agent-id hint short', async () => {
    const token = hmacToken(goodClaims({ sub: 'a'.repeat(1000) }), { secret: OTHER_SECRET });
    const result = await verifier().verify(bearer(token));
    expect(result).toMatchObject({ ok: false, reason: 'token.signature_invalid' });
    expect(result).not.toHaveProperty('agentId');
  });
});

describe('token verifier: configuration', () => {
  it.each([
    ['an empty secret', { secret: '' }],
    ['an empty previous secret', { previousSecret: '' }],
    ['a negative clock skew', { clockSkewSeconds: -1 }],
    ['a NaN clock skew', { clockSkewSeconds: Number.NaN }],
  ] as const)('refuses %s', (_name, options) => {
    let thrown: unknown;
    try {
      verifier(options);
    } catch (error) {
      thrown = error;
    }
    expect(isKalguardError(thrown) && thrown.code).toBe('ERR_CONFIG_INVALID');
  });
});
