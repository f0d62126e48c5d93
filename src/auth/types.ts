/** Capabilities the endpoints require. */
export const CAPABILITIES = { promptSend: 'prompt:send', toolExecute: 'tool:execute' } as const;

/** The agent a valid token speaks for. */
export interface AgentPrincipal {
  readonly agentId: string;
  readonly issuer: string | undefined;
  readonly capabilities: readonly string[];
  readonly metadata: Readonly<Record<string, unknown>> | undefined;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
  /** True when the token was checked against the previous (rotating-out) secret. */
  readonly verifiedWithPreviousSecret: boolean;
}

/**
 * Precise failure reasons. They go to the audit record only: every failure gets the same 401 body
 * so that a client cannot use the response as an oracle.
 */
export type TokenFailureReason =
  | 'token.missing'
  | 'token.malformed'
  | 'token.algorithm_not_allowed'
  | 'token.signature_invalid'
  | 'token.expired'
  | 'token.not_yet_valid'
  | 'token.issuer_mismatch'
  | 'token.claims_invalid';

export type TokenVerification =
  | { readonly ok: true; readonly principal: AgentPrincipal }
  | { readonly ok: false; readonly reason: TokenFailureReason; readonly detail: string; readonly agentId?: string };

export interface TokenVerifier {
  /** Takes the raw Authorization header value (or undefined). Never throws. */
  verify(authorizationHeader: string | undefined): Promise<TokenVerification>;
}

export interface TokenVerifierOptions {
  /** undefined only with the `no-token-secret` override: signatures are then not checked. */
  readonly secret: string | undefined;
  readonly previousSecret: string | undefined;
  readonly expectedIssuer: string | undefined;
  readonly clockSkewSeconds: number;
  /** Injected clock, ms since the epoch. */
  readonly now: () => number;
  /** Verified-token cache; a bounded default is created when omitted. */
  readonly cache?: import('./verified-token-cache').VerifiedTokenCache;
}

export interface MintTokenOptions {
  readonly secret: string;
  readonly agentId: string;
  readonly capabilities: readonly string[];
  readonly ttlSeconds: number;
  readonly issuer: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly now: () => number;
}
