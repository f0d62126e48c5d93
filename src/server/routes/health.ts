import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../deps';
import type { LoadShedder } from '../load-shedding';

export const HEALTH_PATH = '/health';

/**
 * No auth: orchestrator probes must reach it. It reveals component state, never secrets or policy.
 * Never shed (`shed: false`): a probe must still get an answer when the sidecar is overloaded.
 */
export function registerHealth(app: FastifyInstance, deps: ServerDeps, load: LoadShedder): void {
  app.get(HEALTH_PATH, { config: { shed: false } }, async (_request, reply) => {
    const policy = deps.policy.health();
    const audit = deps.audit.health();
    const pressure = load.state();
    const components = {
      policy: { healthy: policy.healthy, hash: policy.hash, ...(policy.lastError === undefined ? {} : { lastReloadError: policy.lastError }) },
      audit: { healthy: audit.healthy, mode: audit.mode, ...(audit.lastError === undefined ? {} : { lastError: audit.lastError }) },
      mediator: { healthy: true },
      // Which confinement tool commands get; an unavailable sandbox refuses executions but does not
      // make the sidecar unhealthy (checks and prompt decisions still work).
      sandbox: { mode: deps.sandbox?.mode.mode ?? 'unavailable', reason: deps.sandbox?.mode.reason ?? 'no sandbox runner', active: deps.sandbox?.active() ?? 0 },
      load: {
        healthy: !pressure.underPressure,
        inFlight: pressure.inFlight,
        shed: pressure.shed,
        eventLoopDelayMs: pressure.eventLoopDelayMs,
        heapUsedMb: pressure.heapUsedMb,
      },
    };
    // A failed reload leaves the last good policy serving, so it does not make the sidecar unhealthy.
    const failing = audit.healthy ? [] : ['audit'];
    const unsafe = deps.config.allowUnsafe;
    if (failing.length > 0) {
      return reply.code(503).send({ status: 'unavailable', failing, components, unsafe });
    }
    // Overload is transient and the process is correct: 200 so that a liveness probe does not
    // restart a busy sidecar (which would only move its load), but the status says so.
    if (pressure.underPressure) return { status: 'overloaded', components, unsafe };
    return { status: 'ok', components, unsafe };
  });
}
