import { errors } from 'jose';
import type { TokenFailureReason } from './types';

export interface TokenFailure {
  readonly reason: TokenFailureReason;
  readonly detail: string;
}

/** Time claims whose check failure means "not yet", not "bad". */
const NOT_YET_CLAIMS = new Set(['nbf', 'iat']);

/**
 * Maps whatever jose threw to one of our reasons. Keyed on jose's stable `code` strings, not on
 * messages. Anything unrecognised (a TypeError from a key, a bug) still yields a failure: the
 * caller denies, and the detail keeps the error for the audit.
 */
export function mapJoseError(error: unknown): TokenFailure {
  if (!(error instanceof errors.JOSEError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { reason: 'token.malformed', detail: `cannot verify token: ${message}` };
  }
  switch (error.code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return { reason: 'token.signature_invalid', detail: 'signature verification failed' };
    case 'ERR_JWT_EXPIRED':
      return { reason: 'token.expired', detail: error.message };
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return { reason: 'token.algorithm_not_allowed', detail: error.message };
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return mapClaimFailure(error as errors.JWTClaimValidationFailed);
    default:
      // ERR_JWS_INVALID, ERR_JWT_INVALID and the rest: the token is not a well-formed JWS/JWT.
      return { reason: 'token.malformed', detail: error.message };
  }
}

function mapClaimFailure(error: errors.JWTClaimValidationFailed): TokenFailure {
  if (error.claim === 'iss') return { reason: 'token.issuer_mismatch', detail: error.message };
  // A non-numeric nbf is a bad claim, not an early one: only a failed comparison is "not yet".
  if (NOT_YET_CLAIMS.has(error.claim) && error.reason === 'check_failed') {
    return { reason: 'token.not_yet_valid', detail: error.message };
  }
  return { reason: 'token.claims_invalid', detail: error.message };
}
