import { z } from 'zod';

/*
 * The zod schema of a policy file. Every object is STRICT: an unknown key anywhere is an error.
 * This is a security property, not pedantry: the original product silently ignored an unknown
 * `match` key, so a rule written with a typo (`"tool": ["get_weather"]`) lost its tool filter and
 * allowed every tool. A key we do not understand must never widen what a rule matches.
 *
 * Messages say what was expected; the caller prefixes them with the path (`rules[3].match.tools`).
 * Cross-field checks (duplicate ids, dead rules, reserved names) live in parse-policy.ts.
 */

export const ACTIONS = ['prompt:check', 'tool:execute'] as const;
export const DECISIONS = ['allow', 'deny'] as const;

type Issue = { readonly code: string; readonly input?: unknown };

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** One message for missing and wrong-typed values, naming what was expected and what was found. */
function expected(what: string) {
  return (issue: Issue): string =>
    issue.input === undefined ? `required: expected ${what}` : `expected ${what}, got ${describeValue(issue.input)}`;
}

function oneOf(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(' or ');
}

/** A strict object whose unknown-key message lists the keys that are allowed there. */
function strictObject<S extends z.ZodRawShape>(shape: S, what: string) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown key (allowed here: ${allowed})` : expected(what)(issue)),
  });
}

const nonEmptyString = (what: string) =>
  z.string({ error: expected(what) }).min(1, { error: 'must not be an empty string' });

/**
 * A non-empty list. An empty `agentIds: []` matches nothing, so the rule could never apply: that is
 * almost certainly a mistake (the author meant "any", which is written by omitting the field).
 */
function nonEmptyList<T extends z.ZodType>(item: T, what: string) {
  return z
    .array(item, { error: expected(what) })
    .min(1, { error: 'must not be empty: an empty list matches nothing (omit the field to match any value)' });
}

const glob = nonEmptyString('a string (a name, `*` matches any sequence)');

export const matchSchema = strictObject(
  {
    agentIds: nonEmptyList(glob, 'an array of strings')
      .optional()
      .describe('Agent ids this rule applies to; `*` in a pattern matches any sequence. Absent: any agent.'),
    actions: nonEmptyList(z.enum(ACTIONS, { error: expected(oneOf(ACTIONS)) }), `an array of actions (${oneOf(ACTIONS)})`)
      .optional()
      .describe('Actions this rule applies to. Absent: any action.'),
    tools: nonEmptyList(glob, 'an array of strings')
      .optional()
      .describe('Tool names (globs) this rule applies to. A rule with tools only matches tool:execute requests.'),
  },
  'an object with agentIds, actions and/or tools',
);

export const ruleSchema = strictObject(
  {
    id: nonEmptyString('a string').describe('Unique rule id; reported as ruleId in decisions and the audit.'),
    description: z.string({ error: expected('a string') }).optional().describe('Free text for humans.'),
    match: matchSchema.describe('What the rule applies to; every present field must match (fields are AND-ed).'),
    decision: z.enum(DECISIONS, { error: expected(oneOf(DECISIONS)) }).describe('The decision when the rule matches.'),
    reason: z.string({ error: expected('a string') }).optional().describe('Reason reported with the decision.'),
  },
  'a rule object',
);

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const MAX_EXEC_TIMEOUT_MS = 3_600_000;

/** An absolute, NUL-free path: the runner never looks a command up in PATH or resolves it against a cwd. */
const absolutePath = z
  .string({ error: expected('an absolute path') })
  .refine((p) => p.startsWith('/'), { error: 'must be an absolute path' })
  .refine((p) => !p.includes('\0'), { error: 'must not contain a NUL byte' })
  .refine((p) => !p.split('/').includes('..'), { error: 'must not contain ".." segments' });

const fixedArgument = z.string({ error: expected('a string') }).refine((a) => !a.includes('\0'), { error: 'must not contain a NUL byte' });

/** A bad variable name reports why the key is wrong; anything else, what the env object should be. */
function envRecordError(issue: Issue & { readonly issues?: readonly { readonly message?: string }[] }): string {
  if (issue.code === 'invalid_key') return issue.issues?.[0]?.message ?? 'expected an environment variable name';
  return expected('an object mapping variable names to string values')(issue);
}

/*
 * How the sidecar runs an allowed call of this tool (POST /v1/tool/execute). Everything here is the
 * operator's: the agent's arguments never reach argv, only the command's stdin (as JSON).
 */
export const execSchema = strictObject(
  {
    command: absolutePath.describe('Absolute path of the executable. Never looked up in PATH, never run through a shell.'),
    args: z
      .array(fixedArgument, { error: expected('an array of strings') })
      .max(1_000, { error: 'at most 1000 arguments' })
      .optional()
      .describe('Fixed arguments (argv[1..]). The call\'s arguments are NOT added here: they arrive on stdin as JSON.'),
    cwd: absolutePath.describe('Working directory; must exist and lie under KALGUARD_SANDBOX_ROOTS when the tool runs.'),
    env: z
      .record(
        z.string().regex(ENV_NAME, { error: 'expected an environment variable name (letters, digits, _)' }).refine((n) => !n.toUpperCase().startsWith('KALGUARD_'), {
          error: 'KALGUARD_* names are reserved: the sidecar\'s settings never reach a tool',
        }),
        fixedArgument,
        { error: envRecordError },
      )
      .optional()
      .describe('The environment, given explicitly (PATH defaults to /usr/local/bin:/usr/bin:/bin). Nothing is inherited from the sidecar.'),
    timeoutMs: z
      .int({ error: expected(`a whole number of milliseconds from 1 to ${MAX_EXEC_TIMEOUT_MS}`) })
      .min(1, { error: expected(`a whole number of milliseconds from 1 to ${MAX_EXEC_TIMEOUT_MS}`) })
      .max(MAX_EXEC_TIMEOUT_MS, { error: expected(`a whole number of milliseconds from 1 to ${MAX_EXEC_TIMEOUT_MS}`) })
      .optional()
      .describe('Timeout; the whole process tree is killed at it. Absent: KALGUARD_SANDBOX_TIMEOUT_MS.'),
    network: z.boolean({ error: expected('true or false') }).optional().describe('Share the host network (host loopback included). Absent: false, no network at all.'),
  },
  'an exec object (command, args, cwd, env, timeoutMs, network)',
);

/*
 * A tool definition. Kept as its own schema so that new tool fields are one entry here, one field
 * in ToolDefinitionDocument and one line in compile-tools.ts.
 */
export const toolDefinitionSchema = strictObject(
  {
    description: z.string({ error: expected('a string') }).optional().describe('Free text for humans.'),
    parameters: z
      .record(z.string(), z.unknown(), { error: expected('a JSON Schema object') })
      .optional()
      .describe('JSON Schema of the arguments, as OpenAI/Anthropic tool definitions carry it.'),
    rateLimitPerMinute: z
      .int({ error: expected('a positive whole number') })
      .min(1, { error: expected('a positive whole number') })
      .optional()
      .describe('Calls of this tool per agent per minute. Absent: only the global limit applies.'),
    exec: execSchema.optional().describe('How the sidecar runs an allowed call (POST /v1/tool/execute). Absent: the tool is check-only.'),
  },
  'a tool definition object',
);

export const policySchema = strictObject(
  {
    version: z.string({ error: expected('a string') }).describe('Version label of the policy, reported with every decision.'),
    defaultDecision: z
      .enum(DECISIONS, { error: expected(oneOf(DECISIONS)) })
      .optional()
      .describe('Decision when no rule matches. Absent: from KALGUARD_POLICY_DEFAULT_DENY (deny by default).'),
    defaultReason: z.string({ error: expected('a string') }).optional().describe('Reason reported with the default decision.'),
    description: z.string({ error: expected('a string') }).optional().describe('Free text for humans.'),
    rules: z
      .array(ruleSchema, { error: expected('an array of rules') })
      .describe('Rules in order; the first matching rule decides.'),
    tools: z
      .record(z.string(), toolDefinitionSchema, { error: expected('an object mapping tool names to definitions') })
      .optional()
      .describe('Tool catalogue. Present: a closed allow-list, tools not named here are refused.'),
  },
  'a JSON object (the policy)',
);

export type ParsedPolicy = z.output<typeof policySchema>;
