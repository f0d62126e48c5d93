import { isKalguardError, type ErrorCode, type ErrorDetail } from '../errors';

export interface MappedError {
  readonly status: number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: readonly ErrorDetail[];
  /** True when the error is ours to investigate (logged with its stack; never sent). */
  readonly internal: boolean;
}

/** 5xx answers that are states of the service (retry later), not bugs to investigate. */
const EXPECTED_UNAVAILABLE: ReadonlySet<ErrorCode> = new Set(['ERR_AUDIT_UNAVAILABLE', 'ERR_OVERLOADED', 'ERR_SANDBOX_BUSY', 'ERR_SANDBOX_UNAVAILABLE']);

interface HttpishError {
  readonly statusCode?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
}

/**
 * Turns anything thrown on the request path into the status, stable code and client-safe message
 * of the error envelope. Unknown errors become a 500 with a generic message: a stack trace or an
 * internal message never reaches the client.
 */
export function mapError(error: unknown): MappedError {
  if (isKalguardError(error)) {
    return { status: error.status, code: error.code, message: error.message, details: error.details, internal: error.status >= 500 && !EXPECTED_UNAVAILABLE.has(error.code) };
  }
  const e = (typeof error === 'object' && error !== null ? error : {}) as HttpishError;
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  const fastifyCode = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (status === 413) return clientError(413, 'ERR_PAYLOAD_TOO_LARGE', 'Cannot accept request: body is larger than the configured limit (KALGUARD_BODY_LIMIT_BYTES)');
  if (status === 415) return clientError(415, 'ERR_UNSUPPORTED_MEDIA_TYPE', 'Cannot accept request: the body must be application/json');
  if (status === 408) return clientError(408, 'ERR_REQUEST_TIMEOUT', 'Cannot accept request: it was not received in time');
  if (status >= 400 && status < 500) {
    const reason = fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'the body is empty' : firstLine(message);
    return clientError(400, 'ERR_BAD_REQUEST', `Cannot parse request body: ${reason}`);
  }
  return { status: 500, code: 'ERR_INTERNAL', message: 'Cannot decide: internal error (the request was not allowed)', internal: true };
}

function clientError(status: number, code: ErrorCode, message: string): MappedError {
  return { status, code, message, internal: false };
}

function firstLine(message: string): string {
  const line = message.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line || 'malformed body';
}
