import AjvModule from 'ajv';
import type { CompiledPolicy, CompiledRule, CompiledTool, PolicyAction } from '../../src/policy';
import type { RateLimiter } from '../../src/tools';

// ajv is CommonJS with `exports.default`; which one a default import yields depends on the loader.
type AjvClass = typeof AjvModule;
const Ajv: AjvClass = (AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule;
// The same options the policy compiler uses: first error only, strict schemas.
const ajv = new Ajv({ allErrors: false, strict: true, strictTypes: false, strictTuples: false, strictRequired: false });

/** A fake clock: tests move time by hand, nothing sleeps. */
export function fakeClock(start = 1_700_000_000_000) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
    set(ms: number) {
      t = ms;
    },
  };
}

export interface RuleSpec {
  readonly id: string;
  readonly decision: 'allow' | 'deny';
  readonly reason?: string;
  readonly agents?: readonly string[];
  readonly tools?: readonly string[];
  readonly actions?: readonly PolicyAction[];
}

/** Exact names, or "*" for any: enough for mediator tests (globs are the policy module's business). */
function matcher(names: readonly string[] | undefined): ((value: string) => boolean) | undefined {
  if (names === undefined) return undefined;
  return (value) => names.includes('*') || names.includes(value);
}

export function rule(spec: RuleSpec): CompiledRule {
  return {
    id: spec.id,
    decision: spec.decision,
    reason: spec.reason ?? `rule ${spec.id}`,
    matchAgent: matcher(spec.agents),
    actions: spec.actions === undefined ? undefined : new Set(spec.actions),
    matchTool: matcher(spec.tools),
  };
}

export interface ToolSpec {
  readonly parameters?: Record<string, unknown>;
  readonly rateLimitPerMinute?: number;
}

export function tool(name: string, spec: ToolSpec = {}): CompiledTool {
  return {
    name,
    validateArguments: spec.parameters === undefined ? undefined : ajv.compile(spec.parameters),
    rateLimitPerMinute: spec.rateLimitPerMinute,
  };
}

/** A CompiledPolicy built by hand (plain object), default deny like every real one. */
export function policy(rules: readonly CompiledRule[], tools?: Readonly<Record<string, ToolSpec>> | ReadonlyMap<string, CompiledTool>): CompiledPolicy {
  let catalogue: ReadonlyMap<string, CompiledTool> | undefined;
  if (tools instanceof Map) catalogue = tools;
  else if (tools !== undefined) catalogue = new Map(Object.entries(tools).map(([name, spec]) => [name, tool(name, spec)]));
  return {
    version: '1',
    hash: 'test-hash',
    source: 'test',
    defaultDecision: 'deny',
    defaultReason: 'no rule allows this',
    rules,
    tools: catalogue,
  };
}

/** A limiter that records what the mediator asked of it, delegating to a real one. */
export function recordingLimiter(inner: RateLimiter) {
  const calls: string[] = [];
  const limiter: RateLimiter = {
    take(key, limit) {
      calls.push(`take ${key}`);
      return inner.take(key, limit);
    },
    peek(key, limit) {
      calls.push(`peek ${key}`);
      return inner.peek(key, limit);
    },
    size: () => inner.size(),
  };
  return { limiter, calls };
}
