import { z } from 'zod';
import { SANDBOX_ENV_SHAPE } from './sandbox-env-schema';
import { UNSAFE_OVERRIDE_NAMES, type UnsafeOverride } from './unsafe-overrides';

/*
 * The zod schema of every KALGUARD_* variable. Defaults live here and nowhere else. Every value
 * arrives as a string; each field turns it into the typed value with a message that says what was
 * expected. The object is strict: an unknown KALGUARD_* name is an error (see parse-config.ts).
 */

function integer(name: string, min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^-?\d{1,15}$/, `expected a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `expected a whole number from ${min} to ${max}`)
    .describe(name);
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

function boolean(name: string) {
  return z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => TRUE_WORDS.has(v) || FALSE_WORDS.has(v), 'expected true or false')
    .transform((v) => TRUE_WORDS.has(v))
    .describe(name);
}

const nonEmpty = (name: string) => z.string().min(1, 'must not be empty').describe(name);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const unsafeListSchema = z
  .string()
  .transform((raw, ctx) => {
    const names = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const unknown = names.filter((n) => !(UNSAFE_OVERRIDE_NAMES as string[]).includes(n));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown override ${unknown.map((u) => `"${u}"`).join(', ')}; known overrides: ${UNSAFE_OVERRIDE_NAMES.join(', ')}`,
      });
      return z.NEVER;
    }
    return [...new Set(names)] as UnsafeOverride[];
  })
  .describe('Comma-separated list of safety checks the operator knowingly overrides.');

export const envSchema = z.strictObject({
  KALGUARD_PORT: integer('TCP port to listen on (0 picks a free port).', 0, 65535).default(9292),
  KALGUARD_HOST: nonEmpty('Address to bind.').default('0.0.0.0'),
  KALGUARD_TOKEN_SECRET: nonEmpty('HMAC secret (HS256) that signs agent tokens.').optional(),
  KALGUARD_TOKEN_SECRET_FILE: nonEmpty(
    'File holding KALGUARD_TOKEN_SECRET (systemd LoadCredential=, a Kubernetes Secret volume); read once at start-up.',
  ).optional(),
  KALGUARD_TOKEN_SECRET_PREVIOUS: nonEmpty(
    'Previous HMAC secret, still accepted for verification during a rotation; never used to sign.',
  ).optional(),
  KALGUARD_TOKEN_ISSUER: nonEmpty('If set, tokens must carry exactly this `iss`.').optional(),
  KALGUARD_TOKEN_CLOCK_SKEW_SECONDS: integer('Leeway for exp/nbf/iat checks, in seconds.', 0, 300).default(30),
  KALGUARD_POLICY_PATH: nonEmpty('Policy JSON file. Unset: the built-in policy (deny everything).').optional(),
  KALGUARD_POLICY_DEFAULT_DENY: boolean(
    'Decision of the built-in policy and of a policy file that omits defaultDecision: true denies.',
  ).default(true),
  KALGUARD_POLICY_WATCH: boolean('Reload the policy when the file changes.').default(false),
  KALGUARD_POLICY_WATCH_INTERVAL_MS: integer('Policy poll interval and reload debounce, ms.', 50, 3_600_000).default(500),
  KALGUARD_PROMPT_BLOCK_THRESHOLD: integer('Risk score at or above which a prompt is blocked.', 1, 100).default(70),
  KALGUARD_PROMPT_SANITIZE_THRESHOLD: integer('Risk score at or above which a prompt is sanitized.', 1, 100).default(50),
  KALGUARD_TOOL_RATE_LIMIT: integer('Tool calls per agent per minute (all tools). Unset: unlimited.', 1, 1_000_000).optional(),
  KALGUARD_AUDIT_LOG_PATH: nonEmpty('Append-only JSONL audit file. Unset: a bounded in-memory ring.').optional(),
  KALGUARD_AUDIT_FSYNC: boolean('fsync the audit file before acknowledging each batch of decisions.').default(false),
  KALGUARD_AUDIT_INCLUDE_CONTENT: boolean('Record raw prompt text and tool arguments in the audit.').default(false),
  KALGUARD_AUDIT_MEMORY_CAPACITY: integer('Events kept by the in-memory audit ring.', 1, 1_000_000).default(10_000),
  KALGUARD_LOG_LEVEL: z.enum(LOG_LEVELS).default('info').describe('Operational log level (stdout, pino).'),
  KALGUARD_BODY_LIMIT_BYTES: integer('Largest accepted request body, bytes.', 1024, 64 * 1024 * 1024).default(1_048_576),
  KALGUARD_SHUTDOWN_TIMEOUT_MS: integer('Longest graceful shutdown before a forced exit, ms.', 100, 120_000).default(5_000),
  KALGUARD_HEADERS_TIMEOUT_MS: integer('Request headers must arrive within this, ms (defeats slowloris).', 100, 600_000).default(10_000),
  KALGUARD_REQUEST_TIMEOUT_MS: integer('A whole request (headers and body) must arrive within this, ms.', 100, 600_000).default(15_000),
  KALGUARD_IDLE_TIMEOUT_MS: integer('A socket with no bytes either way for this long is closed, ms.', 100, 3_600_000).default(30_000),
  KALGUARD_KEEP_ALIVE_TIMEOUT_MS: integer('An idle keep-alive connection is closed after this, ms.', 100, 600_000).default(5_000),
  KALGUARD_MAX_CONCURRENT_REQUESTS: integer('Requests in progress beyond which new ones are shed (503 ERR_OVERLOADED); 0: no limit.', 0, 1_000_000).default(1_024),
  KALGUARD_MAX_EVENT_LOOP_DELAY_MS: integer('Mean event-loop delay beyond which requests are shed (503 ERR_OVERLOADED); 0: off.', 0, 60_000).default(1_000),
  KALGUARD_MAX_HEAP_USED_MB: integer('V8 heap use beyond which requests are shed (503 ERR_OVERLOADED); 0: off.', 0, 1_048_576).default(0),
  ...SANDBOX_ENV_SHAPE,
  KALGUARD_ALLOW_UNSAFE: unsafeListSchema.default([]),
});

export type EnvInput = z.input<typeof envSchema>;
export type ParsedEnv = z.output<typeof envSchema>;
export { LOG_LEVELS };
