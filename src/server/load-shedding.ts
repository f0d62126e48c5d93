import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KalguardError } from '../errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** False on routes that must answer even when the sidecar sheds load (health probes). */
    shed?: boolean;
  }
}

/** Seconds a shed client is told to wait: long enough to let a burst drain, short for a sidecar. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 2;
/** How often event-loop delay and heap are sampled; the shedding decision lags by at most this. */
const SAMPLE_INTERVAL_MS = 250;

export interface LoadSheddingLimits {
  /** 0: no limit. */
  readonly maxConcurrentRequests: number;
  /** 0: off. */
  readonly maxEventLoopDelayMs: number;
  /** 0: off. */
  readonly maxHeapUsedMb: number;
}

export interface LoadState {
  readonly underPressure: boolean;
  readonly inFlight: number;
  /** Requests answered 503 ERR_OVERLOADED since start. */
  readonly shed: number;
  readonly eventLoopDelayMs: number;
  readonly heapUsedMb: number;
  readonly limits: LoadSheddingLimits;
}

export interface LoadShedder {
  state(): LoadState;
}

/**
 * Beyond capacity the sidecar answers 503 ERR_OVERLOADED at once (before authentication, before
 * reading the body) instead of queueing without bound: a queue only grows latency until every
 * client times out, and a shed request was never decided, so refusing it is fail-closed. Two
 * signals: requests in progress (a hard bound on concurrent work and buffered bodies) and the
 * event-loop delay / heap that @fastify/under-pressure samples (the CPU or memory is saturated).
 * Routes with `config.shed === false` (health) are never shed.
 */
export function registerLoadShedding(app: FastifyInstance, limits: LoadSheddingLimits): LoadShedder {
  let inFlight = 0;
  let shed = 0;
  const exempt = (request: FastifyRequest): boolean => request.routeOptions.config.shed === false;
  const refuse = (reply: FastifyReply, why: string): KalguardError => {
    shed += 1;
    reply.header('retry-after', String(OVERLOAD_RETRY_AFTER_SECONDS));
    return new KalguardError('ERR_OVERLOADED', `Cannot decide now: the sidecar is overloaded (${why}); retry after ${OVERLOAD_RETRY_AFTER_SECONDS} s`);
  };

  void app.register(underPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    maxHeapUsedBytes: limits.maxHeapUsedMb * 1024 * 1024,
    sampleInterval: SAMPLE_INTERVAL_MS,
    // A rejected promise reaches the error handler, so the client gets the standard envelope.
    pressureHandler: (request, reply, type) => (exempt(request) ? undefined : Promise.reject(refuse(reply, describePressure(type)))),
  });

  if (limits.maxConcurrentRequests > 0) {
    app.addHook('onRequest', (request, reply, done) => {
      if (exempt(request)) return done();
      if (inFlight >= limits.maxConcurrentRequests) return done(refuse(reply, `${limits.maxConcurrentRequests} requests in progress`));
      inFlight += 1;
      // 'close' fires once whether the response finished or the client went away mid-request.
      reply.raw.once('close', () => {
        inFlight -= 1;
      });
      done();
    });
  }

  return {
    state() {
      const usage = app.memoryUsage();
      return {
        underPressure: app.isUnderPressure() || (limits.maxConcurrentRequests > 0 && inFlight >= limits.maxConcurrentRequests),
        inFlight,
        shed,
        eventLoopDelayMs: Math.round(usage.eventLoopDelay * 10) / 10,
        // Read now, not the last sample: the sampler reports 0 until its first tick.
        heapUsedMb: Math.round(process.memoryUsage().heapUsed / 104_857.6) / 10,
        limits,
      };
    },
  };
}

function describePressure(type: string): string {
  if (type === 'eventLoopDelay') return 'event-loop delay over KALGUARD_MAX_EVENT_LOOP_DELAY_MS';
  if (type === 'heapUsedBytes') return 'heap over KALGUARD_MAX_HEAP_USED_MB';
  return type;
}
