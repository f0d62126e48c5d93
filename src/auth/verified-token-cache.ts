import type { JWTPayload } from 'jose';

/**
 * Remembers tokens whose signature already verified, so that an agent re-using its token does not
 * pay for an HMAC through WebCrypto on every request (measured: a quarter of the sidecar's CPU).
 *
 * Why this is safe:
 * - only tokens that passed full verification with this process's keys are stored, keyed by the
 *   exact token string, and the keys never change while the process runs (rotation = restart);
 * - every hit re-runs the claim checks (exp, nbf, iat, sub, issuer, types) against the current
 *   clock, so an expired token stops working exactly when it would without the cache;
 * - it is bounded in entries and in token length, so forged or huge tokens cannot grow it (only
 *   verified tokens get in at all).
 */
export interface VerifiedTokenCache {
  get(token: string): CachedVerification | undefined;
  set(token: string, entry: CachedVerification): void;
  delete(token: string): void;
  size(): number;
}

export interface CachedVerification {
  readonly payload: JWTPayload;
  readonly verifiedWithPreviousSecret: boolean;
}

export const VERIFIED_TOKEN_CACHE_DEFAULTS = { maxEntries: 4096, maxTokenLength: 2048 } as const;

export function createVerifiedTokenCache(
  options: { maxEntries: number; maxTokenLength: number } = VERIFIED_TOKEN_CACHE_DEFAULTS,
): VerifiedTokenCache {
  const entries = new Map<string, CachedVerification>();
  return {
    get: (token) => entries.get(token),
    set(token, entry) {
      if (token.length > options.maxTokenLength || options.maxEntries <= 0) return;
      // First in, first out: cheap, and a live agent's token is simply verified again once.
      if (entries.size >= options.maxEntries && !entries.has(token)) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(token, entry);
    },
    delete: (token) => void entries.delete(token),
    size: () => entries.size,
  };
}
