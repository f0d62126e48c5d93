import type { JWTPayload } from 'jose';
import type { AgentPrincipal, TokenFailureReason } from './types';

export interface ClaimsCheckContext {
  /** Seconds since the epoch, whole (as jose computes it). */
  readonly nowSeconds: number;
  readonly leewaySeconds: number;
  readonly expectedIssuer: string | undefined;
}

export type ClaimsCheckResult =
  | { readonly ok: true; readonly principal: AgentPrincipal }
  | { readonly ok: false; readonly reason: TokenFailureReason; readonly detail: string };

function fail(reason: TokenFailureReason, detail: string): Extract<ClaimsCheckResult, { ok: false }> {
  return { ok: false, reason, detail };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isStringArray(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Checks the time claims with the same rules as jose's jwtVerify (exp <= now - leeway is expired,
 * nbf > now + leeway is not yet valid) plus one jose does not do: an `iat` in the future beyond the
 * leeway, which only a forger or a broken issuer clock produces.
 */
function checkTimes(
  payload: JWTPayload,
  ctx: ClaimsCheckContext,
): { readonly ok: true; readonly exp: number } | Extract<ClaimsCheckResult, { ok: false }> {
  const { exp, nbf, iat } = payload;
  if (exp === undefined) return fail('token.claims_invalid', 'missing required "exp" claim');
  if (!isNumericDate(exp)) return fail('token.claims_invalid', '"exp" claim must be a number');
  if (nbf !== undefined && !isNumericDate(nbf)) return fail('token.claims_invalid', '"nbf" claim must be a number');
  if (iat !== undefined && !isNumericDate(iat)) return fail('token.claims_invalid', '"iat" claim must be a number');
  if (exp <= ctx.nowSeconds - ctx.leewaySeconds) return fail('token.expired', `token expired at ${exp}`);
  if (nbf !== undefined && nbf > ctx.nowSeconds + ctx.leewaySeconds) {
    return fail('token.not_yet_valid', `token not valid before ${nbf}`);
  }
  if (iat !== undefined && iat > ctx.nowSeconds + ctx.leewaySeconds) {
    return fail('token.not_yet_valid', `token issued in the future (iat ${iat})`);
  }
  return { ok: true, exp };
}

/**
 * Turns a decoded claims set into a principal, or says why it cannot. Pure.
 *
 * With a secret, jose has already checked exp/nbf/iss; this repeats those checks on purpose: the
 * no-secret mode has nothing else, and one function deciding "is this claims set acceptable" for
 * both modes cannot drift apart.
 */
export function checkTokenClaims(payload: JWTPayload, ctx: ClaimsCheckContext): ClaimsCheckResult {
  const times = checkTimes(payload, ctx);
  if (!times.ok) return times;

  const { sub, iss, capabilities, metadata } = payload;
  if (typeof sub !== 'string' || sub === '') {
    return fail('token.claims_invalid', '"sub" claim must be a non-empty string');
  }
  if (iss !== undefined && typeof iss !== 'string') return fail('token.claims_invalid', '"iss" claim must be a string');
  if (ctx.expectedIssuer !== undefined && iss !== ctx.expectedIssuer) {
    return fail('token.issuer_mismatch', 'unexpected "iss" claim value');
  }
  if (capabilities !== undefined && !isStringArray(capabilities)) {
    return fail('token.claims_invalid', '"capabilities" claim must be an array of strings');
  }
  if (metadata !== undefined && !isPlainObject(metadata)) {
    return fail('token.claims_invalid', '"metadata" claim must be a JSON object');
  }
  const principal: AgentPrincipal = Object.freeze({
    agentId: sub,
    issuer: iss,
    capabilities: Object.freeze([...(capabilities ?? [])]),
    metadata: metadata === undefined ? undefined : Object.freeze({ ...metadata }),
    expiresAt: times.exp,
    verifiedWithPreviousSecret: false,
  });
  return { ok: true, principal };
}
