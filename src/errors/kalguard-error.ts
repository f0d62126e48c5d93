import { ERROR_CODES, type ErrorCode } from './codes';

/** One problem inside a larger input, e.g. a zod issue or a policy field: `rules[3].match.tools`. */
export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

/**
 * The project's one error class. Throw it for bad configuration, broken invariants and I/O
 * failures; a denial is never an exception, it is a decision value.
 */
export class KalguardError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: readonly ErrorDetail[];

  constructor(code: ErrorCode, message: string, options: { details?: readonly ErrorDetail[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KalguardError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = options.details ?? [];
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exitCode;
  }
}

export function isKalguardError(value: unknown): value is KalguardError {
  return value instanceof KalguardError;
}

/** Renders a path array (zod, ajv) the way our messages show it: `rules[3].match.tools`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}
