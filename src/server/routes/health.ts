import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../deps';

export const HEALTH_PATH = '/health';

/** No auth: orchestrator probes must reach it. It reveals component state, never secrets or policy. */
export function registerHealth(app: FastifyInstance, deps: ServerDeps): void {
  app.get(HEALTH_PATH, async (_request, reply) => {
    const policy = deps.policy.health();
    const audit = deps.audit.health();
    const components = {
      policy: { healthy: policy.healthy, hash: policy.hash, ...(policy.lastError === undefined ? {} : { lastReloadError: policy.lastError }) },
      audit: { healthy: audit.healthy, mode: audit.mode, ...(audit.lastError === undefined ? {} : { lastError: audit.lastError }) },
      mediator: { healthy: true },
    };
    // A failed reload leaves the last good policy serving, so it does not make the sidecar unhealthy.
    const failing = audit.healthy ? [] : ['audit'];
    const unsafe = deps.config.allowUnsafe;
    if (failing.length > 0) {
      return reply.code(503).send({ status: 'unavailable', failing, components, unsafe });
    }
    return { status: 'ok', components, unsafe };
  });
}
