import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import type { ServerDeps } from './deps';
import { errorEnvelope } from './envelope';
import { mapError } from './map-error';
import { registerBodyEncodingCheck } from './body-encoding';
import { registerLoadShedding } from './load-shedding';
import { generateRequestId } from './request-id';
import { HEALTH_PATH, registerHealth } from './routes/health';
import { PROMPT_CHECK_PATH, registerPromptCheck } from './routes/prompt-check';
import { TOOL_CHECK_PATH, registerToolCheck } from './routes/tool-check';
import { TOOL_EXECUTE_PATH, registerToolExecute } from './routes/tool-execute';

/** Methods per path, for telling 405 from 404. */
const ROUTE_METHODS: ReadonlyMap<string, readonly string[]> = new Map([
  [PROMPT_CHECK_PATH, ['POST']],
  [TOOL_CHECK_PATH, ['POST']],
  [TOOL_EXECUTE_PATH, ['POST']],
  [HEALTH_PATH, ['GET', 'HEAD']],
]);

/**
 * Connection and request limits that are not configurable; the timeouts are (KALGUARD_*_TIMEOUT_MS).
 * test/torture/protocol-abuse.test.ts pins their behaviour on a real socket.
 */
export const SERVER_LIMITS = {
  maxHeaderBytes: 16 * 1024,
  /** 0: no cap. The peer is a local agent on keep-alive; a cap would only add reconnects. */
  maxRequestsPerSocket: 0,
  /**
   * How often Node checks headersTimeout/requestTimeout. Its default (30 s) would let a slowloris
   * client hold a socket for up to 30 s past the configured timeout.
   */
  maxTimeoutCheckIntervalMs: 1_000,
} as const;

export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Per-request lines are ours (debug level, see onResponse); the audit is the record of decisions.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    requestIdHeader: false,
    genReqId: generateRequestId,
    bodyLimit: deps.config.bodyLimitBytes,
    connectionTimeout: deps.config.idleTimeoutMs,
    requestTimeout: deps.config.requestTimeoutMs,
    keepAliveTimeout: deps.config.keepAliveTimeoutMs,
    maxRequestsPerSocket: SERVER_LIMITS.maxRequestsPerSocket,
    http: {
      headersTimeout: deps.config.headersTimeoutMs,
      maxHeaderSize: SERVER_LIMITS.maxHeaderBytes,
      connectionsCheckingInterval: Math.min(SERVER_LIMITS.maxTimeoutCheckIntervalMs, Math.ceil(deps.config.headersTimeoutMs / 2)),
    },
    forceCloseConnections: 'idle',
    return503OnClosing: false,
    // Malformed URLs and similar router errors get the same JSON envelope as everything else.
    frameworkErrors: (error, request, reply) => sendError(error, request, reply),
    clientErrorHandler: handleClientError,
  });

  // Only JSON is decided on; fastify's built-in text/plain parser would let a string through to
  // the body schema and turn a 415 into a confusing 400.
  app.removeContentTypeParser('text/plain');
  registerBodyEncodingCheck(app);
  app.decorateRequest('principal', null);
  // Callback-style hooks: cheaper than async ones on the hot path.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  if (deps.logger.isLevelEnabled('debug')) {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.debug({ status: reply.statusCode, ms: Math.round(reply.elapsedTime * 1000) / 1000, url: request.url }, 'request completed');
      done();
    });
  }

  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?', 1)[0] ?? '';
    const allowed = ROUTE_METHODS.get(path);
    if (allowed !== undefined) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(errorEnvelope('ERR_METHOD_NOT_ALLOWED', `Cannot ${request.method} ${path}: allowed methods are ${allowed.join(', ')}`, request.id));
    }
    return reply.code(404).send(errorEnvelope('ERR_NOT_FOUND', `Cannot ${request.method} ${path}: no such endpoint`, request.id));
  });

  // Before the routes: the shedding hooks must run first on every route (see load-shedding.ts).
  const { maxConcurrentRequests, maxEventLoopDelayMs, maxHeapUsedMb } = deps.config;
  const load = registerLoadShedding(app, { maxConcurrentRequests, maxEventLoopDelayMs, maxHeapUsedMb });
  registerHealth(app, deps, load);
  registerPromptCheck(app, deps);
  registerToolCheck(app, deps);
  registerToolExecute(app, deps);
  return app;
}

function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const mapped = mapError(error);
  if (mapped.internal) request.log.error({ err: error }, 'request failed with an internal error; answered 500 (not allowed)');
  // Shedding is logged by count in /health, not per request: a log line per 503 would add load.
  else if (mapped.code === 'ERR_OVERLOADED') request.log.debug({ code: mapped.code }, 'request shed');
  else if (mapped.status >= 500) request.log.warn({ code: mapped.code, reason: mapped.message }, 'request could not be decided');
  else request.log.info({ code: mapped.code, status: mapped.status }, 'request rejected');
  return reply.code(mapped.status).send(errorEnvelope(mapped.code, mapped.message, request.id, mapped.details));
}

/**
 * Errors before a request exists (malformed HTTP, oversized headers, header timeout): answer with
 * the same envelope where the socket can still take it, then close.
 */
function handleClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const status = tooLarge ? 431 : timedOut ? 408 : 400;
  const body = JSON.stringify(
    errorEnvelope(
      tooLarge ? 'ERR_HEADERS_TOO_LARGE' : timedOut ? 'ERR_REQUEST_TIMEOUT' : 'ERR_BAD_REQUEST',
      tooLarge ? 'Cannot accept request: headers are too large' : timedOut ? 'Cannot accept request: it was not received in time' : 'Cannot parse request: malformed HTTP',
      'none',
    ),
  );
  const reason = tooLarge ? 'Request Header Fields Too Large' : timedOut ? 'Request Timeout' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
