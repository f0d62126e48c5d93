import { KalguardError, formatPath, type ErrorDetail } from '../errors';
import { policyInvalid } from './policy-invalid';
import { policySchema, type ParsedPolicy } from './policy-schema';
import type { ExecDocument, PolicyDocument, PolicyRuleDocument, ToolDefinitionDocument } from './types';

export const DEFAULT_REASON = 'no matching rule';

/** Rule ids that decisions already use for something else; a rule named so would be ambiguous in the audit. */
const RESERVED_RULE_IDS = new Set(['default', 'error']);

export interface ParsePolicyOptions {
  /** Decision when the file has no `defaultDecision`: true denies. */
  readonly defaultDeny: boolean;
  /** Named in error messages (the file path), when known. */
  readonly source?: string;
}

/**
 * Parses and validates the text of a policy file. Pure. Returns the document with
 * `defaultDecision` and `defaultReason` filled in; throws ERR_POLICY_INVALID listing every
 * problem found (not only the first), each with its path.
 */
export function parsePolicy(text: string, options: ParsePolicyOptions): PolicyDocument {
  const raw = parseJson(text, options.source);
  const result = policySchema.safeParse(raw);
  const problems: ErrorDetail[] = result.success ? [] : result.error.issues.flatMap(issueToDetails);
  problems.push(...checkAcrossFields(raw));
  if (!result.success || problems.length > 0) throw policyInvalid(problems, options.source);
  return toDocument(result.data, options.defaultDeny);
}

function parseJson(text: string, source: string | undefined): unknown {
  // Editors on Windows may save a byte order mark; it is not content.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const reason = body.trim() === '' ? 'the file is empty' : withLineAndColumn(body, (error as Error).message);
    const message = `not valid JSON: ${reason}`;
    const where = source === undefined ? '' : ` ${source}`;
    throw new KalguardError('ERR_POLICY_INVALID', `Cannot load policy${where}: ${message}`, {
      details: [{ path: '(root)', message }],
      cause: error,
    });
  }
}

/** V8 (node 20) reports "at position N"; people count lines and columns. */
function withLineAndColumn(text: string, message: string): string {
  const match = /at position (\d+)/.exec(message);
  if (match === null || /line \d+/.test(message)) return message;
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}

function issueToDetails(issue: { code: string; path: PropertyKey[]; message: string; keys?: string[] }): ErrorDetail[] {
  // zod reports all unknown keys of one object as one issue; each gets its own path here.
  if (issue.code === 'unrecognized_keys' && issue.keys !== undefined) {
    return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: issue.message }));
  }
  return [{ path: formatPath(issue.path), message: issue.message }];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks that span several fields. They run on the raw input so they report even when zod did too. */
function checkAcrossFields(raw: unknown): ErrorDetail[] {
  if (!isRecord(raw)) return [];
  return [...checkRules(raw['rules']), ...checkToolNames(raw['tools'])];
}

function checkRules(rules: unknown): ErrorDetail[] {
  if (!Array.isArray(rules)) return [];
  const problems: ErrorDetail[] = [];
  const firstUse = new Map<string, number>();
  rules.forEach((rule: unknown, index) => {
    if (!isRecord(rule)) return;
    const id = rule['id'];
    if (typeof id === 'string' && id !== '') {
      const first = firstUse.get(id);
      if (RESERVED_RULE_IDS.has(id)) {
        problems.push({ path: `rules[${index}].id`, message: `"${id}" is reserved (decisions use it as a ruleId); choose another id` });
      } else if (first !== undefined) {
        problems.push({ path: `rules[${index}].id`, message: `duplicate rule id "${id}" (first used at rules[${first}])` });
      } else {
        firstUse.set(id, index);
      }
    }
    if (isDeadToolRule(rule['match'])) {
      problems.push({
        path: `rules[${index}].match.tools`,
        message: 'a rule with tools only matches tool:execute, but actions lists only prompt:check: this rule can never match',
      });
    }
  });
  return problems;
}

/** A rule that looks like a grant or a denial but can never apply misleads its reader. */
function isDeadToolRule(match: unknown): boolean {
  if (!isRecord(match) || match['tools'] === undefined) return false;
  const actions = match['actions'];
  return Array.isArray(actions) && actions.length > 0 && actions.every((a) => a === 'prompt:check');
}

function checkToolNames(tools: unknown): ErrorDetail[] {
  if (!isRecord(tools)) return [];
  const problems: ErrorDetail[] = [];
  for (const name of Object.keys(tools)) {
    if (name === '') problems.push({ path: 'tools', message: 'a tool name must not be an empty string' });
    // Assigning "__proto__" to an object replaces its prototype: the tool would silently vanish.
    if (name === '__proto__') problems.push({ path: 'tools.__proto__', message: 'reserved name; choose another tool name' });
  }
  return problems;
}

/** Builds the document field by field: no `undefined`-valued keys, and defaults applied here only. */
function toDocument(parsed: ParsedPolicy, defaultDeny: boolean): PolicyDocument {
  return {
    version: parsed.version,
    defaultDecision: parsed.defaultDecision ?? (defaultDeny ? 'deny' : 'allow'),
    defaultReason: parsed.defaultReason ?? DEFAULT_REASON,
    ...(parsed.description === undefined ? {} : { description: parsed.description }),
    rules: parsed.rules.map(toRule),
    ...(parsed.tools === undefined ? {} : { tools: toTools(parsed.tools) }),
  };
}

function toRule(rule: ParsedPolicy['rules'][number]): PolicyRuleDocument {
  const { agentIds, actions, tools } = rule.match;
  return {
    id: rule.id,
    ...(rule.description === undefined ? {} : { description: rule.description }),
    match: {
      ...(agentIds === undefined ? {} : { agentIds }),
      ...(actions === undefined ? {} : { actions }),
      ...(tools === undefined ? {} : { tools }),
    },
    decision: rule.decision,
    ...(rule.reason === undefined ? {} : { reason: rule.reason }),
  };
}

function toTools(tools: NonNullable<ParsedPolicy['tools']>): Record<string, ToolDefinitionDocument> {
  // A null-prototype object: tool names such as "constructor" must not meet Object.prototype.
  const out: Record<string, ToolDefinitionDocument> = Object.create(null) as Record<string, ToolDefinitionDocument>;
  for (const [name, tool] of Object.entries(tools)) {
    out[name] = {
      ...(tool.description === undefined ? {} : { description: tool.description }),
      ...(tool.parameters === undefined ? {} : { parameters: tool.parameters }),
      ...(tool.rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute: tool.rateLimitPerMinute }),
      ...(tool.exec === undefined ? {} : { exec: toExec(tool.exec) }),
    };
  }
  return out;
}

function toExec(exec: NonNullable<NonNullable<ParsedPolicy['tools']>[string]['exec']>): ExecDocument {
  return {
    command: exec.command,
    cwd: exec.cwd,
    ...(exec.args === undefined ? {} : { args: exec.args }),
    ...(exec.env === undefined ? {} : { env: exec.env }),
    ...(exec.timeoutMs === undefined ? {} : { timeoutMs: exec.timeoutMs }),
    ...(exec.network === undefined ? {} : { network: exec.network }),
  };
}
