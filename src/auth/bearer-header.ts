import type { TokenFailureReason } from './types';

/**
 * Longest Authorization header we look at. Our tokens are a few hundred bytes; anything near this
 * is an attempt to make us base64-decode and JSON-parse attacker-sized input before any check.
 */
export const MAX_AUTHORIZATION_HEADER_LENGTH = 8 * 1024;

export type BearerParseResult =
  | { readonly ok: true; readonly token: string }
  | { readonly ok: false; readonly reason: TokenFailureReason; readonly detail: string };

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token. The scheme is case-insensitive (RFC 9110
// §11.1); the token is exactly one b64token, so "Bearer a b", a tab or a trailing comma is
// malformed rather than "the first part".
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** Extracts the token from an Authorization header value. Pure; never throws. */
export function parseBearerHeader(header: string | undefined): BearerParseResult {
  if (header === undefined || header === '') {
    return { ok: false, reason: 'token.missing', detail: 'no Authorization header' };
  }
  if (typeof header !== 'string') {
    // Duplicate headers can reach us as an array when a caller bypasses node's joining.
    return { ok: false, reason: 'token.malformed', detail: 'Authorization header is not a single string' };
  }
  if (header.length > MAX_AUTHORIZATION_HEADER_LENGTH) {
    return {
      ok: false,
      reason: 'token.malformed',
      detail: `Authorization header longer than ${MAX_AUTHORIZATION_HEADER_LENGTH} characters`,
    };
  }
  const match = BEARER.exec(header);
  if (match === null || match[1] === undefined) {
    const scheme = /^\S*/.exec(header)?.[0] ?? '';
    const detail =
      scheme.toLowerCase() === 'bearer'
        ? 'Authorization header must be "Bearer <token>" with exactly one token'
        : 'Authorization scheme is not Bearer';
    return { ok: false, reason: 'token.malformed', detail };
  }
  return { ok: true, token: match[1] };
}
