import { webcrypto } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTVerifyOptions } from 'jose';
import { KalguardError } from '../errors';
import { parseBearerHeader } from './bearer-header';
import { mapJoseError, type TokenFailure } from './jose-failure';
import { checkTokenClaims, type ClaimsCheckContext } from './token-claims';
import type { TokenVerification, TokenVerifier, TokenVerifierOptions } from './types';
import { createVerifiedTokenCache, type VerifiedTokenCache } from './verified-token-cache';

/** The only algorithm a kalguard token may use (the format of the original kalguard-core tokens). */
export const TOKEN_ALGORITHM = 'HS256';

/** Longest unverified agent id we copy into an audit record as a hint. */
const MAX_HINT_LENGTH = 256;

type Failure = Extract<TokenVerification, { ok: false }>;
type HmacKey = webcrypto.CryptoKey;

/**
 * Imports a secret once, at creation. jose re-imports a KeyObject or Uint8Array secret into
 * WebCrypto on every call (measured: a CryptoKey verifies ~1.7x faster), and the original
 * kalguard-core re-imported per request. The promise is settled long before the first request;
 * a rejection is observed here so it is never "unhandled", and surfaces from verify() as a denial.
 */
function importHmacKey(secret: string, name: string): Promise<HmacKey> {
  if (secret === '') {
    throw new KalguardError('ERR_CONFIG_INVALID', `Cannot create the token verifier: ${name} is empty`);
  }
  const key = webcrypto.subtle.importKey(
    'raw',
    Buffer.from(secret, 'utf8'),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  key.catch(() => undefined);
  return key;
}

/**
 * Rejects every alg but HS256 before any signature work, so the audit gets the precise reason
 * (jose would also refuse them through `algorithms`). `none` is refused in every mode, including
 * the no-secret one: an unsigned token is never legitimate, and accepting it there would make that
 * override silently wider than "signatures are not checked".
 */
function checkAlgorithm(token: string): TokenFailure | undefined {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return { reason: 'token.malformed', detail: 'token is not a JWS with a JSON protected header' };
  }
  if (typeof header.alg !== 'string' || header.alg === '') {
    return { reason: 'token.malformed', detail: 'protected header has no "alg"' };
  }
  // base64url has several spellings of the same bytes (the unused low bits of the last character):
  // a signature with other trailing bits still verifies. It is not a forgery, but a token that is
  // not byte-for-byte the one that was issued is refused, so that the token cache, the audit and
  // any revocation list keyed by the token string see exactly one spelling.
  if (!token.split('.').every(isCanonicalBase64url)) {
    return { reason: 'token.malformed', detail: 'a token segment is not canonical base64url' };
  }
  if (header.alg !== TOKEN_ALGORITHM) {
    return {
      reason: 'token.algorithm_not_allowed',
      detail: `alg ${JSON.stringify(header.alg.slice(0, 32))} is not allowed; only ${TOKEN_ALGORITHM}`,
    };
  }
  // jose enforces RFC 7515 `crit` when it verifies; the unverified path must not skip it.
  if (header.crit !== undefined) {
    return { reason: 'token.malformed', detail: 'protected header "crit" is not supported' };
  }
  return undefined;
}

function isCanonicalBase64url(segment: string): boolean {
  return Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

/**
 * The `sub` of a token that failed, for the audit only. It is UNVERIFIED: anyone can write any
 * `sub` into a forged token, so it must never be used for a decision, only recorded as a hint
 * (the server marks it agentIdVerified: false).
 */
function withAgentHint(token: string, failure: TokenFailure): Failure {
  try {
    const { sub } = decodeJwt(token);
    if (typeof sub === 'string' && sub !== '' && sub.length <= MAX_HINT_LENGTH) {
      return { ok: false, ...failure, agentId: sub };
    }
  } catch {
    // Undecodable: no hint.
  }
  return { ok: false, ...failure };
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { now, expectedIssuer, clockSkewSeconds } = options;
  if (!Number.isFinite(clockSkewSeconds) || clockSkewSeconds < 0) {
    throw new KalguardError('ERR_CONFIG_INVALID', 'Cannot create the token verifier: clock skew must be a non-negative number');
  }
  const currentKey = options.secret === undefined ? undefined : importHmacKey(options.secret, 'the token secret');
  const previousKey =
    options.previousSecret === undefined ? undefined : importHmacKey(options.previousSecret, 'the previous token secret');
  const cache: VerifiedTokenCache = options.cache ?? createVerifiedTokenCache();

  async function verifyWithKey(
    token: string,
    key: Promise<HmacKey>,
    currentDate: Date,
    ctx: ClaimsCheckContext,
  ): Promise<TokenVerification> {
    const verifyOptions: JWTVerifyOptions = {
      algorithms: [TOKEN_ALGORITHM],
      clockTolerance: clockSkewSeconds,
      currentDate,
      requiredClaims: ['exp', 'sub'],
      ...(expectedIssuer === undefined ? {} : { issuer: expectedIssuer }),
    };
    try {
      const { payload } = await jwtVerify(token, await key, verifyOptions);
      const claims = checkTokenClaims(payload, ctx);
      if (claims.ok) cache.set(token, { payload, verifiedWithPreviousSecret: key === previousKey });
      return claims.ok ? claims : { ok: false, reason: claims.reason, detail: claims.detail };
    } catch (error) {
      return { ok: false, ...mapJoseError(error) };
    }
  }

  async function verifySigned(
    token: string,
    currentDate: Date,
    ctx: ClaimsCheckContext,
    key: Promise<HmacKey>,
  ): Promise<TokenVerification> {
    const result = await verifyWithKey(token, key, currentDate, ctx);
    // Rotation: only a signature mismatch is worth a second try. A token that is expired or has bad
    // claims under the current key would be just as bad under the previous one.
    if (result.ok || result.reason !== 'token.signature_invalid' || previousKey === undefined) return result;
    const retry = await verifyWithKey(token, previousKey, currentDate, ctx);
    if (!retry.ok) return retry.reason === 'token.signature_invalid' ? result : retry;
    return { ok: true, principal: Object.freeze({ ...retry.principal, verifiedWithPreviousSecret: true }) };
  }

  /**
   * No-secret mode (only with the `no-token-secret` override): the signature is NOT checked, but
   * everything else is: a well-formed HS256 JWS with a non-empty signature, and every claim rule.
   */
  function verifyUnsigned(token: string, ctx: ClaimsCheckContext): TokenVerification {
    let payload: ReturnType<typeof decodeJwt>;
    try {
      payload = decodeJwt(token);
    } catch (error) {
      return { ok: false, ...mapJoseError(error) };
    }
    // decodeJwt has checked there are exactly three segments; an empty third one is an unsigned JWS.
    if (token.endsWith('.')) return { ok: false, reason: 'token.malformed', detail: 'token has no signature' };
    const claims = checkTokenClaims(payload, ctx);
    return claims.ok ? claims : { ok: false, reason: claims.reason, detail: claims.detail };
  }

  /** A token whose signature verified before: only the claims (time above all) are checked again. */
  function fromCache(token: string, ctx: ClaimsCheckContext): TokenVerification | undefined {
    const cached = cache.get(token);
    if (cached === undefined) return undefined;
    const claims = checkTokenClaims(cached.payload, ctx);
    if (!claims.ok) {
      cache.delete(token);
      return withAgentHint(token, { reason: claims.reason, detail: claims.detail });
    }
    return cached.verifiedWithPreviousSecret
      ? { ok: true, principal: Object.freeze({ ...claims.principal, verifiedWithPreviousSecret: true }) }
      : claims;
  }

  async function verifyToken(token: string): Promise<TokenVerification> {
    const currentDate = new Date(now());
    const ctx: ClaimsCheckContext = {
      nowSeconds: Math.floor(currentDate.getTime() / 1000),
      leewaySeconds: clockSkewSeconds,
      expectedIssuer,
    };
    const hit = currentKey === undefined ? undefined : fromCache(token, ctx);
    if (hit !== undefined) return hit;
    const algorithmFailure = checkAlgorithm(token);
    if (algorithmFailure !== undefined) return withAgentHint(token, algorithmFailure);
    const result =
      currentKey === undefined ? verifyUnsigned(token, ctx) : await verifySigned(token, currentDate, ctx, currentKey);
    return result.ok ? result : withAgentHint(token, result);
  }

  return {
    async verify(authorizationHeader) {
      try {
        const parsed = parseBearerHeader(authorizationHeader);
        if (!parsed.ok) return { ok: false, reason: parsed.reason, detail: parsed.detail };
        return await verifyToken(parsed.token);
      } catch (error) {
        // verify() is on the request path of every endpoint: whatever went wrong, it denies.
        return { ok: false, ...mapJoseError(error) };
      }
    },
  };
}
