import { KalguardError, type ErrorDetail } from '../errors';
import { envSchema, type ParsedEnv } from './env-schema';
import { toSandboxConfig, type SandboxConfig } from './sandbox-env-schema';
import type { UnsafeOverride } from './unsafe-overrides';

/** The validated, frozen configuration every other module receives. */
export interface SidecarConfig {
  readonly port: number;
  readonly host: string;
  readonly tokenSecret: string | undefined;
  readonly tokenSecretPrevious: string | undefined;
  readonly tokenIssuer: string | undefined;
  readonly tokenClockSkewSeconds: number;
  readonly policyPath: string | undefined;
  readonly policyDefaultDeny: boolean;
  readonly policyWatch: boolean;
  readonly policyWatchIntervalMs: number;
  readonly promptBlockThreshold: number;
  readonly promptSanitizeThreshold: number;
  readonly toolRateLimitPerMinute: number | undefined;
  readonly auditLogPath: string | undefined;
  readonly auditFsync: boolean;
  readonly auditIncludeContent: boolean;
  readonly auditMemoryCapacity: number;
  readonly logLevel: ParsedEnv['KALGUARD_LOG_LEVEL'];
  readonly bodyLimitBytes: number;
  readonly shutdownTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  /** 0: no limit (the same for the two below: 0 turns the check off). */
  readonly maxConcurrentRequests: number;
  readonly maxEventLoopDelayMs: number;
  readonly maxHeapUsedMb: number;
  /** The tool sandbox runner (KALGUARD_SANDBOX_*). */
  readonly sandbox: SandboxConfig;
  readonly allowUnsafe: readonly UnsafeOverride[];
}

const PREFIX = 'KALGUARD_';

/**
 * Reads the KALGUARD_* variables out of an environment and validates them. The only function in
 * the program that looks at the KALGUARD_* names (the entry point hands the environment in).
 * Throws ERR_CONFIG_INVALID with one detail per problem, each naming the variable.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): SidecarConfig {
  const known = Object.keys(envSchema.shape);
  const input: Record<string, string> = {};
  const problems: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(PREFIX) || value === undefined) continue;
    if (!known.includes(name)) {
      const guess = closestName(name, known);
      problems.push({
        path: name,
        message: `unknown variable${guess === undefined ? '' : `; did you mean ${guess}?`} (every KALGUARD_* name must be one the sidecar knows, so that a typo cannot silently leave a default in force)`,
      });
      continue;
    }
    // An empty value means "unset": env files and orchestrators often emit NAME= for absent values.
    if (value.trim() === '') continue;
    input[name] = value;
  }

  const result = envSchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = String(issue.path[0] ?? '(environment)');
      problems.push({ path: name, message: `${issue.message} (got ${JSON.stringify(redactIfSecret(name, input[name]))})` });
    }
  }
  if (problems.length > 0 || !result.success) throw configError(problems);

  const e = result.data;
  if (e.KALGUARD_PROMPT_SANITIZE_THRESHOLD > e.KALGUARD_PROMPT_BLOCK_THRESHOLD) {
    throw configError([
      {
        path: 'KALGUARD_PROMPT_SANITIZE_THRESHOLD',
        message: `must not be above KALGUARD_PROMPT_BLOCK_THRESHOLD (${e.KALGUARD_PROMPT_SANITIZE_THRESHOLD} > ${e.KALGUARD_PROMPT_BLOCK_THRESHOLD}): a prompt would be blocked before it could be sanitized`,
      },
    ]);
  }

  if (e.KALGUARD_HEADERS_TIMEOUT_MS > e.KALGUARD_REQUEST_TIMEOUT_MS) {
    throw configError([
      {
        path: 'KALGUARD_HEADERS_TIMEOUT_MS',
        message: `must not be above KALGUARD_REQUEST_TIMEOUT_MS (${e.KALGUARD_HEADERS_TIMEOUT_MS} > ${e.KALGUARD_REQUEST_TIMEOUT_MS}): the headers are part of the request`,
      },
    ]);
  }

  return Object.freeze({
    port: e.KALGUARD_PORT,
    host: e.KALGUARD_HOST,
    tokenSecret: e.KALGUARD_TOKEN_SECRET,
    tokenSecretPrevious: e.KALGUARD_TOKEN_SECRET_PREVIOUS,
    tokenIssuer: e.KALGUARD_TOKEN_ISSUER,
    tokenClockSkewSeconds: e.KALGUARD_TOKEN_CLOCK_SKEW_SECONDS,
    policyPath: e.KALGUARD_POLICY_PATH,
    policyDefaultDeny: e.KALGUARD_POLICY_DEFAULT_DENY,
    policyWatch: e.KALGUARD_POLICY_WATCH,
    policyWatchIntervalMs: e.KALGUARD_POLICY_WATCH_INTERVAL_MS,
    promptBlockThreshold: e.KALGUARD_PROMPT_BLOCK_THRESHOLD,
    promptSanitizeThreshold: e.KALGUARD_PROMPT_SANITIZE_THRESHOLD,
    toolRateLimitPerMinute: e.KALGUARD_TOOL_RATE_LIMIT,
    auditLogPath: e.KALGUARD_AUDIT_LOG_PATH,
    auditFsync: e.KALGUARD_AUDIT_FSYNC,
    auditIncludeContent: e.KALGUARD_AUDIT_INCLUDE_CONTENT,
    auditMemoryCapacity: e.KALGUARD_AUDIT_MEMORY_CAPACITY,
    logLevel: e.KALGUARD_LOG_LEVEL,
    bodyLimitBytes: e.KALGUARD_BODY_LIMIT_BYTES,
    shutdownTimeoutMs: e.KALGUARD_SHUTDOWN_TIMEOUT_MS,
    headersTimeoutMs: e.KALGUARD_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.KALGUARD_REQUEST_TIMEOUT_MS,
    idleTimeoutMs: e.KALGUARD_IDLE_TIMEOUT_MS,
    keepAliveTimeoutMs: e.KALGUARD_KEEP_ALIVE_TIMEOUT_MS,
    maxConcurrentRequests: e.KALGUARD_MAX_CONCURRENT_REQUESTS,
    maxEventLoopDelayMs: e.KALGUARD_MAX_EVENT_LOOP_DELAY_MS,
    maxHeapUsedMb: e.KALGUARD_MAX_HEAP_USED_MB,
    sandbox: toSandboxConfig(e),
    allowUnsafe: Object.freeze([...e.KALGUARD_ALLOW_UNSAFE]),
  });
}

/** The configuration as it may be logged and audited: secrets replaced by whether they are set. */
export function describeConfig(config: SidecarConfig): Record<string, unknown> {
  return {
    ...config,
    tokenSecret: config.tokenSecret === undefined ? 'unset' : '[set]',
    tokenSecretPrevious: config.tokenSecretPrevious === undefined ? 'unset' : '[set]',
  };
}

function configError(details: ErrorDetail[]): KalguardError {
  const lines = details.map((d) => `${d.path}: ${d.message}`).join('; ');
  return new KalguardError('ERR_CONFIG_INVALID', `Cannot start: invalid configuration: ${lines}`, { details });
}

function redactIfSecret(name: string, value: string | undefined): string | undefined {
  return name.includes('SECRET') && value !== undefined ? '[redacted]' : value;
}

function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 5)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
