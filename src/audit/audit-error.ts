import { KalguardError } from '../errors';

/**
 * The one way the audit reports that it cannot record: the server maps ERR_AUDIT_UNAVAILABLE to 503,
 * so a decision whose record is not written is never acknowledged (fail closed).
 */
export function auditUnavailable(reason: string, cause?: unknown): KalguardError {
  return new KalguardError('ERR_AUDIT_UNAVAILABLE', `Cannot record audit event: ${reason}`, cause === undefined ? {} : { cause });
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
