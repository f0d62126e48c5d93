import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { hasCapability, type AgentPrincipal } from '../auth';
import { KalguardError } from '../errors';
import type { ServerDeps } from './deps';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authenticate hook on every protected route before the handler runs. */
    principal: AgentPrincipal | null;
  }
}

/**
 * onRequest hook: runs before the body is read, so an unauthenticated client cannot make the
 * sidecar parse anything. Every failure is audited with its precise reason, but the client always
 * gets the same 401 body: the response must not tell an attacker which check their forgery failed.
 */
export function createAuthenticate(deps: ServerDeps, capability: string): onRequestAsyncHookHandler {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const result = await deps.verifier.verify(request.headers.authorization);
    if (!result.ok) {
      await deps.audit.append({
        type: 'auth.failed',
        requestId: request.id,
        ...(result.agentId === undefined ? {} : { agentId: result.agentId }),
        decision: 'deny',
        reasonCode: result.reason,
        reason: result.detail,
        details: { route: request.routeOptions.url ?? request.url, remoteAddress: request.ip, agentIdVerified: false },
      });
      reply.header('www-authenticate', 'Bearer');
      throw new KalguardError('ERR_UNAUTHENTICATED', 'Cannot authenticate: missing or invalid bearer token');
    }
    if (!hasCapability(result.principal, capability)) {
      await deps.audit.append({
        type: 'auth.failed',
        requestId: request.id,
        agentId: result.principal.agentId,
        decision: 'deny',
        reasonCode: 'token.capability_missing',
        reason: `token lacks capability ${capability}`,
        details: { route: request.routeOptions.url ?? request.url, capability },
      });
      throw new KalguardError('ERR_FORBIDDEN', `Cannot authorize: the token lacks the capability "${capability}"`);
    }
    request.principal = result.principal;
  };
}

/** The principal of an authenticated request; a missing one is a wiring bug, so it throws (→ 500, denied). */
export function principalOf(request: FastifyRequest): AgentPrincipal {
  if (request.principal === null) throw new Error('route reached without authentication');
  return request.principal;
}
