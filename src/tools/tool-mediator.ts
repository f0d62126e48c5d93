import type { ValidateFunction } from 'ajv';
import type { ErrorDetail } from '../errors';
import { evaluatePolicy, type CompiledPolicy, type PolicyDecision } from '../policy';
import { agentRateKey, toolRateKey } from './rate-limit-keys';
import { toSchemaErrorDetails } from './schema-errors';
import type { RateLimiter, ToolCallRequest, ToolDecision, ToolDenialCode, ToolMediator } from './types';

export interface ToolMediatorOptions {
  readonly rateLimiter: RateLimiter;
  /** Calls per agent per minute across all tools; undefined = no global limit. */
  readonly globalRateLimitPerMinute: number | undefined;
}

type Denial = Extract<ToolDecision, { allowed: false }>;
type DecisionLabels = Pick<Denial, 'toolName' | 'ruleId' | 'policyHash' | 'policyVersion'>;

/** The ruleId evaluatePolicy uses when it could not evaluate (reserved: no rule may take it). */
const POLICY_ERROR_RULE_ID = 'error';
const MAX_MESSAGE_LENGTH = 200;

function deny(labels: DecisionLabels, code: ToolDenialCode, why: string, extra: Partial<Denial> = {}): Denial {
  return { allowed: false, ...labels, code, reason: `${code}: ${why}`, ...extra };
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** undefined when the arguments are acceptable, else why not. */
function checkArguments(validate: ValidateFunction | undefined, args: unknown): ErrorDetail[] | undefined {
  if (validate === undefined) {
    // No schema: still insist on an object, the only shape OpenAI/Anthropic tool calls have; a bare
    // string or array here means the caller is not sending what it claims to.
    return isPlainObject(args) ? undefined : [{ path: '/', message: 'arguments must be a JSON object' }];
  }
  const valid: unknown = validate(args);
  if (valid === true) return undefined;
  if (valid === false) return toSchemaErrorDetails(validate.errors);
  // An async schema returns a Promise, which is truthy: treating it as "valid" would let anything
  // through. Anything but a boolean is a broken invariant, hence an evaluation error (deny).
  throw new TypeError('the arguments validator did not return a boolean');
}

/** Labels for a denial when we may not even be able to read the request or the policy. */
function safeLabels(policy: CompiledPolicy, request: ToolCallRequest): DecisionLabels {
  const labels = { toolName: 'unknown', ruleId: POLICY_ERROR_RULE_ID, policyHash: 'unknown', policyVersion: 'unknown' };
  try {
    labels.toolName = String(request.toolName);
    labels.policyHash = String(policy.hash);
    labels.policyVersion = String(policy.version);
  } catch {
    // Keep "unknown": the denial matters more than its labels.
  }
  return labels;
}

function errorMessage(error: unknown): string {
  try {
    return (error instanceof Error ? error.message : String(error)).slice(0, MAX_MESSAGE_LENGTH);
  } catch {
    return 'unknown error';
  }
}

/**
 * Mediates a tool call. The checks run in this order, and the first failure decides:
 *   a. policy rules: who may call what is the operator's primary statement, and the cheapest check;
 *   b. the tool catalogue: an allow-list, so a `*` rule cannot reach a tool the policy never declared;
 *   c. the arguments schema: only once we know the tool exists and is allowed, so schema errors
 *      never reveal anything about tools the agent may not use;
 *   d. rate limits last, so that only calls that would otherwise be allowed spend budget: a burst
 *      of denied calls cannot exhaust an agent's quota. (Denied calls are cheap and all audited.)
 */
export function createToolMediator(options: ToolMediatorOptions): ToolMediator {
  const { rateLimiter, globalRateLimitPerMinute } = options;

  function checkRateLimits(request: ToolCallRequest, toolLimit: number | undefined, labels: DecisionLabels): Denial | undefined {
    const limits: { key: string; limit: number; scope: string }[] = [];
    if (globalRateLimitPerMinute !== undefined) {
      limits.push({ key: agentRateKey(request.agentId), limit: globalRateLimitPerMinute, scope: 'all tools' });
    }
    if (toolLimit !== undefined) {
      limits.push({ key: toolRateKey(request.toolName, request.agentId), limit: toolLimit, scope: `tool ${JSON.stringify(request.toolName)}` });
    }
    // Peek everything before taking anything: a call refused by one limit must not spend another.
    let results = limits.map((l) => ({ ...l, result: rateLimiter.peek(l.key, l.limit) }));
    if (results.every((r) => r.result.admitted)) {
      // Peek and take run in one synchronous step, so a take cannot fail after its peek passed;
      // if it ever did, that take's denial still decides (never allow on a refused take).
      results = limits.map((l) => ({ ...l, result: rateLimiter.take(l.key, l.limit) }));
      if (results.every((r) => r.result.admitted)) return undefined;
    }
    const refused = results.filter((r) => !r.result.admitted);
    const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(...refused.map((r) => r.result.retryAfterMs)) / 1000));
    const which = refused.map((r) => `${r.limit}/min for ${r.scope}`).join(' and ');
    return deny(labels, 'tool.rate_limited', `over ${which}; retry in ${retryAfterSeconds}s`, { retryAfterSeconds });
  }

  function decide(policy: CompiledPolicy, request: ToolCallRequest): ToolDecision {
    const { agentId, toolName } = request;
    const decision: PolicyDecision = evaluatePolicy(policy, { agentId, action: 'tool:execute', toolName });
    const labels: DecisionLabels = {
      toolName,
      ruleId: decision.ruleId,
      policyHash: decision.policyHash,
      policyVersion: decision.policyVersion,
    };
    if (decision.decision !== 'allow') {
      const code = decision.ruleId === POLICY_ERROR_RULE_ID ? 'tool.evaluation_error' : 'tool.denied_by_policy';
      return deny(labels, code, decision.reason);
    }

    const tool = policy.tools?.get(toolName);
    if (policy.tools !== undefined && tool === undefined) {
      return deny(labels, 'tool.not_allowed', `tool ${JSON.stringify(toolName)} is not in the policy's tool catalogue`);
    }

    const errors = checkArguments(tool?.validateArguments, request.arguments);
    if (errors !== undefined) {
      const why = errors.map((e) => `${e.path} ${e.message}`).join('; ');
      return deny(labels, 'tool.schema_invalid', why, { errors });
    }

    const limited = checkRateLimits(request, tool?.rateLimitPerMinute, labels);
    if (limited !== undefined) return limited;

    return { allowed: true, ...labels, reason: decision.reason };
  }

  return {
    mediate(policy, request) {
      try {
        return decide(policy, request);
      } catch (error) {
        // A decision path that cannot decide must deny: a thrown validator, a broken policy object
        // or a limiter bug must never turn into "allowed" or into a 500 that a caller retries past.
        return deny(safeLabels(policy, request), 'tool.evaluation_error', `cannot evaluate the tool call: ${errorMessage(error)}`);
      }
    },
  };
}
