import { createHmac } from 'node:crypto';
import { TEST_SECRET } from './sidecar-process';

/**
 * Makes HS256 tokens independently of the product's own code (plain HMAC over the JWS signing
 * input), so that a bug shared by mint and verify cannot hide.
 */
export function makeToken(
  claims: Record<string, unknown>,
  options: { secret?: string; header?: Record<string, unknown> } = {},
): string {
  const header = options.header ?? { alg: 'HS256', typ: 'JWT' };
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${b64(header)}.${b64(claims)}`;
  const signature = createHmac('sha256', options.secret ?? TEST_SECRET).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

export function agentToken(agentId: string, capabilities: readonly string[] = ['prompt:send', 'tool:execute'], extra: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return makeToken({ sub: agentId, iss: 'kalguard', iat: now, exp: now + 600, capabilities, ...extra });
}
