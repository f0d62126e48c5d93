import type { ErrorCode, ErrorDetail } from '../errors';

/** The two response shapes of the API. Decisions are always `ok: true`, whatever they decided. */
export interface DecisionEnvelope<T> {
  readonly ok: true;
  readonly data: T;
  readonly reason?: string;
  readonly requestId: string;
}

export interface ErrorEnvelope {
  readonly ok: false;
  readonly error: { readonly code: ErrorCode; readonly message: string; readonly details?: readonly ErrorDetail[] };
  readonly requestId: string;
}

export function decisionEnvelope<T>(data: T, requestId: string, reason?: string): DecisionEnvelope<T> {
  return reason === undefined ? { ok: true, data, requestId } : { ok: true, data, reason, requestId };
}

export function errorEnvelope(
  code: ErrorCode,
  message: string,
  requestId: string,
  details?: readonly ErrorDetail[],
): ErrorEnvelope {
  const error = details === undefined || details.length === 0 ? { code, message } : { code, message, details };
  return { ok: false, error, requestId };
}
