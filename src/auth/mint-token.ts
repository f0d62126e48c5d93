import { createSecretKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { KalguardError } from '../errors';
import { TOKEN_ALGORITHM } from './token-verifier';
import type { MintTokenOptions } from './types';

function invalid(what: string): KalguardError {
  return new KalguardError('ERR_USAGE', `Cannot mint a token: ${what}`);
}

/**
 * Mints an agent token in the original kalguard-core format (HS256, typ JWT, sub/iss/iat/exp,
 * capabilities, optional metadata), so tokens flow both ways between the two implementations.
 * Bad options are a usage error (it backs the `token` CLI subcommand), never a silent bad token.
 */
export async function mintToken(options: MintTokenOptions): Promise<string> {
  const { secret, agentId, capabilities, ttlSeconds, issuer, metadata, now } = options;
  if (secret === '') throw invalid('the secret is empty');
  if (agentId === '') throw invalid('the agent id is empty');
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) throw invalid('the ttl must be a positive whole number of seconds');
  if (!capabilities.every((c) => typeof c === 'string' && c !== '')) throw invalid('capabilities must be non-empty strings');
  const issuedAt = Math.floor(now() / 1000);
  const claims: Record<string, unknown> = { capabilities: [...capabilities] };
  if (metadata !== undefined) claims['metadata'] = { ...metadata };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT' })
    .setSubject(agentId)
    .setIssuer(issuer)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(createSecretKey(Buffer.from(secret, 'utf8')));
}
