/**
 * The one registry of stable error codes. A code is never renamed or reused: clients, dashboards
 * and the README's error table key on it. `status` is the HTTP status used when the error reaches
 * a client; CLI and startup errors use `exitCode`.
 */
export const ERROR_CODES = {
  ERR_CONFIG_INVALID: { status: 500, exitCode: 2, summary: 'A KALGUARD_* environment variable is missing, malformed or inconsistent.' },
  ERR_USAGE: { status: 400, exitCode: 2, summary: 'The command line is not valid.' },
  ERR_NOT_AVAILABLE: { status: 501, exitCode: 3, summary: 'The command exists but is not available in this build yet.' },
  ERR_UNSAFE_START: { status: 500, exitCode: 2, summary: 'Start-up refused: a safety check failed and was not explicitly overridden.' },
  ERR_POLICY_INVALID: { status: 500, exitCode: 2, summary: 'The policy file is not a valid policy.' },
  ERR_POLICY_READ: { status: 500, exitCode: 2, summary: 'The policy file could not be read.' },
  ERR_LISTEN_FAILED: { status: 500, exitCode: 1, summary: 'The listening socket could not be opened: port in use, bad address, or an unusable socket-activation descriptor.' },
  ERR_AUDIT_UNAVAILABLE: { status: 503, exitCode: 1, summary: 'The audit sink cannot record decisions; nothing is decided until it can.' },
  ERR_UNAUTHENTICATED: { status: 401, exitCode: 1, summary: 'The bearer token is missing or not valid.' },
  ERR_FORBIDDEN: { status: 403, exitCode: 1, summary: 'The token lacks the capability this endpoint requires.' },
  ERR_BAD_REQUEST: { status: 400, exitCode: 1, summary: 'The request body is not well-formed JSON.' },
  ERR_VALIDATION: { status: 400, exitCode: 1, summary: 'The request body does not have the expected shape.' },
  ERR_NOT_FOUND: { status: 404, exitCode: 1, summary: 'No such endpoint.' },
  ERR_METHOD_NOT_ALLOWED: { status: 405, exitCode: 1, summary: 'The endpoint exists but not for this HTTP method.' },
  ERR_PAYLOAD_TOO_LARGE: { status: 413, exitCode: 1, summary: 'The request body is over the configured limit.' },
  ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, exitCode: 1, summary: 'The request body is not application/json.' },
  ERR_HEADERS_TOO_LARGE: { status: 431, exitCode: 1, summary: 'The request headers are over the server limit.' },
  ERR_REQUEST_TIMEOUT: { status: 408, exitCode: 1, summary: 'The client did not send the request in time.' },
  ERR_OVERLOADED: { status: 503, exitCode: 1, summary: 'The sidecar is shedding load; retry later.' },
  ERR_SANDBOX_UNAVAILABLE: { status: 503, exitCode: 125, summary: 'No OS sandbox (bubblewrap, sandbox-exec) works here and KALGUARD_ALLOW_UNSAFE does not name no-os-sandbox: tool commands are refused.' },
  ERR_SANDBOX_BUSY: { status: 503, exitCode: 125, summary: 'KALGUARD_SANDBOX_MAX_CONCURRENT tool commands are already running; retry later.' },
  ERR_SANDBOX_REFUSED: { status: 500, exitCode: 125, summary: 'The tool command was refused before it ran: working directory missing or outside KALGUARD_SANDBOX_ROOTS, executable missing or not visible in the sandbox, a reserved environment name, or a bad timeout.' },
  ERR_SANDBOX_FAILED: { status: 500, exitCode: 125, summary: 'The sandbox runner could not start the process.' },
  ERR_TOOL_NOT_EXECUTABLE: { status: 422, exitCode: 1, summary: 'The tool call is allowed but the policy gives the tool no exec section, so the sidecar does not run it.' },
  ERR_INTERNAL: { status: 500, exitCode: 1, summary: 'An unexpected internal error; the request was not allowed.' },
} as const satisfies Record<string, { status: number; exitCode: number; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
