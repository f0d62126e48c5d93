import { createHmac } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';

/** Fixed clock for every auth test: 2023-11-14T22:13:20Z. */
export const NOW_MS = 1_700_000_000_000;
export const NOW_S = NOW_MS / 1000;
export const LEEWAY_S = 30;
export const SECRET = 'current-secret-0123456789abcdefghij';
export const PREVIOUS_SECRET = 'previous-secret-0123456789abcdefgh';
export const OTHER_SECRET = 'attacker-secret-0123456789abcdefgh';
export const ISSUER = 'kalguard';

export const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** Claims of a good token; each case overrides what it attacks. */
export function goodClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'agent-1',
    iss: ISSUER,
    iat: NOW_S - 60,
    exp: NOW_S + 3600,
    capabilities: ['prompt:send', 'tool:execute'],
    ...overrides,
  };
}

/** Drops keys whose override is `undefined`, so a case can say "no such claim". */
function compact(claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
}

/**
 * An HS256 token built the way any other implementation (the original kalguard-core included)
 * builds one: HMAC-SHA256 over base64url(header) "." base64url(payload), with node's crypto only.
 */
export function hmacToken(
  claims: Record<string, unknown>,
  options: { secret?: string; header?: Record<string, unknown>; hash?: 'sha256' | 'sha384' | 'sha512' } = {},
): string {
  const header = options.header ?? { alg: 'HS256', typ: 'JWT' };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(compact(claims)))}`;
  const signature = createHmac(options.hash ?? 'sha256', options.secret ?? SECRET).update(input).digest('base64url');
  return `${input}.${signature}`;
}

/** The same through jose, for algorithms and keys node's HMAC cannot express (RS256). */
export async function joseToken(
  claims: JWTPayload,
  alg: string,
  key: Parameters<SignJWT['sign']>[0],
  extraHeader: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ ...extraHeader, alg, typ: 'JWT' }).sign(key);
}

export const bearer = (token: string): string => `Bearer ${token}`;
