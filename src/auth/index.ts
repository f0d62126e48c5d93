export { createTokenVerifier, TOKEN_ALGORITHM } from './token-verifier';
export { mintToken } from './mint-token';
export { hasCapability } from './capabilities';
export { parseBearerHeader, MAX_AUTHORIZATION_HEADER_LENGTH, type BearerParseResult } from './bearer-header';
export {
  CAPABILITIES,
  type AgentPrincipal,
  type MintTokenOptions,
  type TokenFailureReason,
  type TokenVerification,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './types';
export { createVerifiedTokenCache, VERIFIED_TOKEN_CACHE_DEFAULTS, type VerifiedTokenCache, type CachedVerification } from './verified-token-cache';
