import { describe, expect, it } from 'vitest';
import type { CompiledPolicy, CompiledTool } from '../../src/policy';
import { createRateLimiter, createToolMediator, type ToolCallRequest, type ToolDecision } from '../../src/tools';
import { fakeClock, policy, recordingLimiter, rule } from './fixtures';

const WEATHER_SCHEMA = {
  type: 'object',
  properties: { city: { type: 'string' }, units: { enum: ['c', 'f'] } },
  required: ['city'],
  additionalProperties: false,
};

function setup(globalRateLimitPerMinute?: number) {
  const clock = fakeClock();
  const recorder = recordingLimiter(createRateLimiter({ now: clock.now, maxKeys: 10_000 }));
  const mediator = createToolMediator({ rateLimiter: recorder.limiter, globalRateLimitPerMinute });
  return { clock, mediator, calls: recorder.calls };
}

const call = (toolName: string, args: unknown = { city: 'Oslo' }, agentId = 'agent-1'): ToolCallRequest => ({ agentId, toolName, arguments: args });

/** Allows everything for agent-1 and agent-2, denies "rm" first; tools as given. */
function standardPolicy(tools?: Parameters<typeof policy>[1]): CompiledPolicy {
  return policy(
    [
      rule({ id: 'no-rm', decision: 'deny', tools: ['rm'], reason: 'rm is never allowed' }),
      rule({ id: 'agents-any-tool', decision: 'allow', agents: ['agent-1', 'agent-2'], tools: ['*'], actions: ['tool:execute'], reason: 'agents may use tools' }),
    ],
    tools,
  );
}

describe('tool mediator: order of checks (first failure wins)', () => {
  // Each case fails every check from its expected one onwards, so only the order explains the code.
  const cases: readonly { name: string; request: ToolCallRequest; exhaustLimit: boolean; expected: Partial<ToolDecision> }[] = [
    {
      name: 'policy deny beats catalogue, schema and rate limit',
      request: call('rm', 'not an object'),
      exhaustLimit: true,
      expected: { allowed: false, code: 'tool.denied_by_policy', ruleId: 'no-rm', reason: 'tool.denied_by_policy: rm is never allowed' },
    },
    {
      name: 'default deny (no rule matches) is a policy denial',
      request: call('get_weather', { city: 'Oslo' }, 'stranger'),
      exhaustLimit: false,
      expected: { allowed: false, code: 'tool.denied_by_policy', ruleId: 'default' },
    },
    {
      name: 'catalogue beats schema and rate limit',
      request: call('undeclared', 'not an object'),
      exhaustLimit: true,
      expected: { allowed: false, code: 'tool.not_allowed', ruleId: 'agents-any-tool' },
    },
    {
      name: 'schema beats rate limit',
      request: call('get_weather', { city: 7 }),
      exhaustLimit: true,
      expected: { allowed: false, code: 'tool.schema_invalid', reason: 'tool.schema_invalid: /city must be string' },
    },
    {
      name: 'rate limit',
      request: call('get_weather'),
      exhaustLimit: true,
      expected: { allowed: false, code: 'tool.rate_limited', retryAfterSeconds: 60 },
    },
    {
      name: 'allowed',
      request: call('get_weather'),
      exhaustLimit: false,
      expected: { allowed: true, toolName: 'get_weather', ruleId: 'agents-any-tool', reason: 'agents may use tools', policyHash: 'test-hash', policyVersion: '1' },
    },
  ];

  it.each(cases)('$name', ({ request, exhaustLimit, expected }) => {
    const { mediator } = setup();
    const p = standardPolicy({ get_weather: { parameters: WEATHER_SCHEMA, rateLimitPerMinute: 1 } });
    if (exhaustLimit) expect(mediator.mediate(p, call('get_weather')).allowed).toBe(true);
    const decision = mediator.mediate(p, request);
    expect(decision).toMatchObject({ toolName: request.toolName, policyHash: 'test-hash', policyVersion: '1', ...expected });
    if (!decision.allowed) expect(decision.reason.startsWith(`${decision.code}: `)).toBe(true);
  });

  it('touches no rate limit for a call denied before step d', () => {
    const { mediator, calls } = setup(10);
    const p = standardPolicy({ get_weather: { parameters: WEATHER_SCHEMA, rateLimitPerMinute: 5 } });
    mediator.mediate(p, call('rm'));
    mediator.mediate(p, call('undeclared'));
    mediator.mediate(p, call('get_weather', {}));
    expect(calls).toEqual([]);
  });
});

describe('tool mediator: tool catalogue', () => {
  const cases: readonly { name: string; tools: Parameters<typeof policy>[1]; request: ToolCallRequest; expected: Partial<ToolDecision> }[] = [
    { name: 'absent catalogue: rules alone decide', tools: undefined, request: call('anything', {}), expected: { allowed: true } },
    { name: 'absent catalogue: arguments must still be an object', tools: undefined, request: call('anything', []), expected: { allowed: false, code: 'tool.schema_invalid' } },
    { name: 'closed catalogue: declared tool', tools: { get_weather: {} }, request: call('get_weather', {}), expected: { allowed: true } },
    {
      name: 'closed catalogue: a "*" rule does not reach an undeclared tool',
      tools: { get_weather: {} },
      request: call('send_email', {}),
      expected: { allowed: false, code: 'tool.not_allowed', reason: 'tool.not_allowed: tool "send_email" is not in the policy\'s tool catalogue' },
    },
    { name: 'empty catalogue allows nothing', tools: {}, request: call('get_weather', {}), expected: { allowed: false, code: 'tool.not_allowed' } },
    { name: 'catalogue lookups ignore Object.prototype', tools: { get_weather: {} }, request: call('toString', {}), expected: { allowed: false, code: 'tool.not_allowed' } },
  ];
  it.each(cases)('$name', ({ tools, request, expected }) => {
    expect(setup().mediator.mediate(standardPolicy(tools), request)).toMatchObject(expected);
  });
});

describe('tool mediator: arguments schema', () => {
  const NESTED = {
    type: 'object',
    properties: {
      location: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      items: { type: 'array', items: { type: 'integer' } },
      'a/b': { type: 'string' },
    },
  };
  const cases: readonly { name: string; schema: Record<string, unknown> | undefined; args: unknown; errors: { path: string; message: string }[] | undefined }[] = [
    { name: 'valid arguments', schema: WEATHER_SCHEMA, args: { city: 'Oslo', units: 'c' }, errors: undefined },
    { name: 'wrong type', schema: WEATHER_SCHEMA, args: { city: 7 }, errors: [{ path: '/city', message: 'must be string' }] },
    { name: 'missing required property', schema: WEATHER_SCHEMA, args: {}, errors: [{ path: '/city', message: 'is required' }] },
    { name: 'additional property', schema: WEATHER_SCHEMA, args: { city: 'Oslo', extra: 1 }, errors: [{ path: '/extra', message: 'is not allowed' }] },
    { name: 'enum', schema: WEATHER_SCHEMA, args: { city: 'Oslo', units: 'k' }, errors: [{ path: '/units', message: 'must be equal to one of the allowed values' }] },
    { name: 'nested property', schema: NESTED, args: { location: { city: false } }, errors: [{ path: '/location/city', message: 'must be string' }] },
    { name: 'nested missing property', schema: NESTED, args: { location: {} }, errors: [{ path: '/location/city', message: 'is required' }] },
    { name: 'array item', schema: NESTED, args: { items: [1, 2, 'three'] }, errors: [{ path: '/items/2', message: 'must be integer' }] },
    { name: 'property name with "/" is pointer-escaped', schema: NESTED, args: { 'a/b': 1 }, errors: [{ path: '/a~1b', message: 'must be string' }] },
    {
      name: 'extra property name with "~" and "/" is pointer-escaped',
      schema: WEATHER_SCHEMA,
      args: { city: 'x', 'a~/b': 1 },
      errors: [{ path: '/a~0~1b', message: 'is not allowed' }],
    },
    { name: 'root of the wrong type', schema: WEATHER_SCHEMA, args: ['Oslo'], errors: [{ path: '/', message: 'must be object' }] },
    { name: 'schema decides about non-objects (string schema)', schema: { type: 'string' }, args: 'Oslo', errors: undefined },
    { name: 'no schema: object', schema: undefined, args: { anything: [1, 2] }, errors: undefined },
    { name: 'no schema: array', schema: undefined, args: [], errors: [{ path: '/', message: 'arguments must be a JSON object' }] },
    { name: 'no schema: string', schema: undefined, args: 'rm -rf /', errors: [{ path: '/', message: 'arguments must be a JSON object' }] },
    { name: 'no schema: number', schema: undefined, args: 1, errors: [{ path: '/', message: 'arguments must be a JSON object' }] },
    { name: 'no schema: null', schema: undefined, args: null, errors: [{ path: '/', message: 'arguments must be a JSON object' }] },
    { name: 'no schema: undefined', schema: undefined, args: undefined, errors: [{ path: '/', message: 'arguments must be a JSON object' }] },
  ];
  it.each(cases)('$name', ({ schema, args, errors }) => {
    const p = standardPolicy(schema === undefined ? { t: {} } : { t: { parameters: schema } });
    const decision = setup().mediator.mediate(p, { agentId: 'agent-1', toolName: 't', arguments: args });
    if (errors === undefined) {
      expect(decision).toMatchObject({ allowed: true });
      return;
    }
    expect(decision).toMatchObject({ allowed: false, code: 'tool.schema_invalid', errors });
    const first = errors[0];
    if (first !== undefined) expect(decision.reason).toBe(`tool.schema_invalid: ${first.path} ${first.message}`);
  });

  it('reports at most 20 errors (allErrors validators)', async () => {
    const { default: AjvModule } = await import('ajv');
    const Ajv = (AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule;
    const validate = new Ajv({ allErrors: true }).compile({ type: 'object', additionalProperties: false });
    const t: CompiledTool = { name: 't', validateArguments: validate, rateLimitPerMinute: undefined };
    const args = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, i]));
    const decision = setup().mediator.mediate(standardPolicy(new Map([['t', t]])), call('t', args));
    expect(decision).toMatchObject({ allowed: false, code: 'tool.schema_invalid' });
    if (!decision.allowed) expect(decision.errors).toHaveLength(20);
  });
});

describe('tool mediator: rate limits', () => {
  const limited = (rateLimitPerMinute?: number) =>
    standardPolicy({ a: rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute }, b: {} });

  it('admits N calls, then denies with a retry-after, then admits again after refill', () => {
    const { clock, mediator } = setup();
    const p = limited(3);
    for (let i = 0; i < 3; i++) expect(mediator.mediate(p, call('a', {})).allowed).toBe(true);
    expect(mediator.mediate(p, call('a', {}))).toMatchObject({
      allowed: false,
      code: 'tool.rate_limited',
      retryAfterSeconds: 20,
      reason: 'tool.rate_limited: over 3/min for tool "a"; retry in 20s',
    });
    clock.advance(19_999);
    expect(mediator.mediate(p, call('a', {}))).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(1);
    expect(mediator.mediate(p, call('a', {})).allowed).toBe(true);
  });

  it('rounds retry-after up to whole seconds, at least 1', () => {
    const { clock, mediator } = setup();
    const p = limited(7); // one token per 8571.43 ms
    for (let i = 0; i < 7; i++) mediator.mediate(p, call('a', {}));
    expect(mediator.mediate(p, call('a', {}))).toMatchObject({ retryAfterSeconds: 9 });
    clock.advance(8571);
    expect(mediator.mediate(p, call('a', {}))).toMatchObject({ retryAfterSeconds: 1 });
  });

  it('applies the global limit across tools', () => {
    const { mediator } = setup(2);
    const p = limited();
    expect(mediator.mediate(p, call('a', {})).allowed).toBe(true);
    expect(mediator.mediate(p, call('b', {})).allowed).toBe(true);
    expect(mediator.mediate(p, call('a', {}))).toMatchObject({ code: 'tool.rate_limited', reason: 'tool.rate_limited: over 2/min for all tools; retry in 30s' });
  });

  it('a call denied by the per-tool limit does not consume the global bucket', () => {
    const { mediator } = setup(3);
    const p = limited(1);
    expect(mediator.mediate(p, call('a', {})).allowed).toBe(true); // global 2 left, a 0 left
    for (let i = 0; i < 5; i++) expect(mediator.mediate(p, call('a', {}))).toMatchObject({ code: 'tool.rate_limited' });
    expect(mediator.mediate(p, call('b', {})).allowed).toBe(true);
    expect(mediator.mediate(p, call('b', {})).allowed).toBe(true);
    expect(mediator.mediate(p, call('b', {}))).toMatchObject({ code: 'tool.rate_limited' });
  });

  it('peeks both buckets before taking either; a refused call takes nothing', () => {
    const { mediator, calls } = setup(1);
    const p = limited(5);
    mediator.mediate(p, call('a', {}));
    expect(calls).toEqual(['peek agent:agent-1', 'peek tool:a:agent:agent-1', 'take agent:agent-1', 'take tool:a:agent:agent-1']);
    calls.length = 0;
    expect(mediator.mediate(p, call('a', {}))).toMatchObject({ code: 'tool.rate_limited', retryAfterSeconds: 60 });
    expect(calls).toEqual(['peek agent:agent-1', 'peek tool:a:agent:agent-1']);
  });

  it('reports the longest wait when both limits refuse', () => {
    const { mediator } = setup(2);
    const p = limited(1);
    mediator.mediate(p, call('a', {}));
    mediator.mediate(p, call('b', {}));
    // global (2/min) refills in 30 s, tool a (1/min) in 60 s: the call needs both.
    expect(mediator.mediate(p, call('a', {}))).toMatchObject({
      retryAfterSeconds: 60,
      reason: 'tool.rate_limited: over 2/min for all tools and 1/min for tool "a"; retry in 60s',
    });
  });

  it('keeps agents independent', () => {
    const { mediator } = setup(1);
    const p = limited(1);
    expect(mediator.mediate(p, call('a', {}, 'agent-1')).allowed).toBe(true);
    expect(mediator.mediate(p, call('a', {}, 'agent-1')).allowed).toBe(false);
    expect(mediator.mediate(p, call('a', {}, 'agent-2')).allowed).toBe(true);
  });

  it('does not limit at all without limits', () => {
    const { mediator, calls } = setup();
    const p = limited();
    for (let i = 0; i < 1000; i++) expect(mediator.mediate(p, call('a', {})).allowed).toBe(true);
    expect(calls).toEqual([]);
  });

  it('spends no budget on calls denied for bad arguments', () => {
    const { mediator } = setup(1);
    const p = standardPolicy({ get_weather: { parameters: WEATHER_SCHEMA, rateLimitPerMinute: 1 } });
    for (let i = 0; i < 10; i++) expect(mediator.mediate(p, call('get_weather', {}))).toMatchObject({ code: 'tool.schema_invalid' });
    expect(mediator.mediate(p, call('get_weather')).allowed).toBe(true);
  });
});

describe('tool mediator: never throws', () => {
  const throwingValidator = Object.assign(
    () => {
      throw new Error('validator exploded');
    },
    { errors: null },
  ) as unknown as CompiledTool['validateArguments'];
  const asyncValidator = Object.assign(() => Promise.resolve(true), { errors: null }) as unknown as CompiledTool['validateArguments'];
  const catalogue = (validateArguments: CompiledTool['validateArguments']) =>
    new Map([['t', { name: 't', validateArguments, rateLimitPerMinute: undefined }]]);
  const brokenRule = { ...rule({ id: 'broken', decision: 'allow' }), matchAgent: () => { throw new Error('matcher broke'); } };
  const throwingLimiter = {
    take: () => { throw new Error('limiter broke'); },
    peek: () => { throw new Error('limiter broke'); },
    size: () => 0,
  };

  const cases: readonly { name: string; run: () => ToolDecision; ruleId: string }[] = [
    { name: 'a validator that throws', run: () => setup().mediator.mediate(standardPolicy(catalogue(throwingValidator)), call('t', {})), ruleId: 'error' },
    { name: 'an async validator (returns a Promise, which is truthy)', run: () => setup().mediator.mediate(standardPolicy(catalogue(asyncValidator)), call('t', {})), ruleId: 'error' },
    { name: 'a rule matcher that throws (policy evaluation error)', run: () => setup().mediator.mediate(policy([brokenRule]), call('t', {})), ruleId: 'error' },
    {
      name: 'a rate limiter that throws',
      run: () => createToolMediator({ rateLimiter: throwingLimiter, globalRateLimitPerMinute: 5 }).mediate(standardPolicy(), call('t', {})),
      ruleId: 'error',
    },
    { name: 'a null policy', run: () => setup().mediator.mediate(null as unknown as CompiledPolicy, call('t', {})), ruleId: 'error' },
    { name: 'a null request', run: () => setup().mediator.mediate(standardPolicy(), null as unknown as ToolCallRequest), ruleId: 'error' },
  ];
  it.each(cases)('denies with tool.evaluation_error on $name', ({ run, ruleId }) => {
    let decision: ToolDecision | undefined;
    expect(() => {
      decision = run();
    }).not.toThrow();
    expect(decision).toMatchObject({ allowed: false, code: 'tool.evaluation_error', ruleId });
    expect(decision?.reason.startsWith('tool.evaluation_error: ')).toBe(true);
  });
});

describe('rate limit keys', () => {
  it('cannot be forged by a tool name containing the separator', async () => {
    const { toolRateKey } = await import('../../src/tools');
    expect(toolRateKey('a:agent:b', 'c')).not.toBe(toolRateKey('a', 'b:agent:c'));
    expect(toolRateKey('a%3Aagent%3Ab', 'c')).not.toBe(toolRateKey('a:agent:b', 'c'));
  });
});
