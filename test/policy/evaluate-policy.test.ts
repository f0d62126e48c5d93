import { describe, expect, it } from 'vitest';
import { builtinPolicy, evaluatePolicy, type CompiledPolicy, type PolicyRequest } from '../../src/policy';
import { compileFromObject } from './support/policies';

/*
 * Evaluation as a data table (OPA conformance style): one policy, many requests, each with the rule
 * that must decide. Rule order matters: the first match wins.
 */
const POLICY = compileFromObject(
  {
    version: 'eval-1',
    defaultDecision: 'deny',
    defaultReason: 'nothing matched',
    rules: [
      { id: 'block-evil', match: { agentIds: ['evil'] }, decision: 'deny', reason: 'evil is blocked' },
      { id: 'prod-no-tools', match: { agentIds: ['*-prod'], actions: ['tool:execute'] }, decision: 'deny' },
      { id: 'agents-prompt', match: { agentIds: ['agent-*'], actions: ['prompt:check'] }, decision: 'allow' },
      { id: 'abc-anything', match: { agentIds: ['a*b*c'] }, decision: 'allow' },
      { id: 'literal-dot', match: { agentIds: ['a.b', 'x+y', '(z)'] }, decision: 'allow' },
      { id: 'read-tools', match: { tools: ['read_*', 'list_files'] }, decision: 'allow', reason: 'reads are fine' },
      { id: 'weather-agent-tools', match: { agentIds: ['weather'], tools: ['*'] }, decision: 'allow' },
      { id: 'deny-writes', match: { actions: ['tool:execute'], tools: ['*write*'] }, decision: 'deny' },
      { id: 'ops-everything', match: { agentIds: ['ops'] }, decision: 'allow' },
    ],
  },
  { hash: 'eval-hash' },
);

const prompt = (agentId: string): PolicyRequest => ({ agentId, action: 'prompt:check' });
const tool = (agentId: string, toolName: string): PolicyRequest => ({ agentId, action: 'tool:execute', toolName });

const CASES: readonly { name: string; request: PolicyRequest; decision: 'allow' | 'deny'; ruleId: string }[] = [
  { name: 'first match wins over a later allow', request: tool('evil', 'read_file'), decision: 'deny', ruleId: 'block-evil' },
  { name: 'a rule without actions matches prompts too', request: prompt('evil'), decision: 'deny', ruleId: 'block-evil' },
  { name: 'suffix glob *-prod', request: tool('api-prod', 'read_file'), decision: 'deny', ruleId: 'prod-no-tools' },
  { name: 'suffix glob does not match a longer suffix', request: tool('api-prod2', 'read_file'), decision: 'allow', ruleId: 'read-tools' },
  { name: 'actions filter: prod agents may still prompt (no match → default)', request: prompt('api-prod'), decision: 'deny', ruleId: 'default' },
  { name: 'prefix glob agent-*', request: prompt('agent-7'), decision: 'allow', ruleId: 'agents-prompt' },
  { name: 'prefix glob needs the whole prefix', request: prompt('agent'), decision: 'deny', ruleId: 'default' },
  { name: 'prefix glob matches the empty rest', request: prompt('agent-'), decision: 'allow', ruleId: 'agents-prompt' },
  { name: 'actions filter excludes tool:execute', request: tool('agent-7', 'delete_all'), decision: 'deny', ruleId: 'default' },
  { name: 'a*b*c matches abc', request: prompt('abc'), decision: 'allow', ruleId: 'abc-anything' },
  { name: 'a*b*c matches a-x-b-y-c', request: prompt('a-x-b-y-c'), decision: 'allow', ruleId: 'abc-anything' },
  { name: 'a*b*c needs the c at the end', request: prompt('abcd'), decision: 'deny', ruleId: 'default' },
  { name: 'a*b*c needs b between a and c', request: prompt('acb'), decision: 'deny', ruleId: 'default' },
  { name: 'literal a.b matches itself', request: prompt('a.b'), decision: 'allow', ruleId: 'literal-dot' },
  { name: 'a . in a pattern is not a regex wildcard', request: prompt('axb'), decision: 'deny', ruleId: 'default' },
  { name: 'a + in a pattern is literal', request: prompt('xxy'), decision: 'deny', ruleId: 'default' },
  { name: 'parentheses are literal', request: prompt('(z)'), decision: 'allow', ruleId: 'literal-dot' },
  { name: 'tools glob read_*', request: tool('someone', 'read_file'), decision: 'allow', ruleId: 'read-tools' },
  { name: 'tools list literal', request: tool('someone', 'list_files'), decision: 'allow', ruleId: 'read-tools' },
  { name: 'a tools rule never matches prompt:check, even with tools: ["*"]', request: prompt('weather'), decision: 'deny', ruleId: 'default' },
  { name: 'tools: ["*"] matches any tool', request: tool('weather', 'launch_rockets'), decision: 'allow', ruleId: 'weather-agent-tools' },
  { name: 'tool:execute without a toolName matches no tools rule', request: { agentId: 'weather', action: 'tool:execute' }, decision: 'deny', ruleId: 'default' },
  { name: '*write* in the middle', request: tool('someone', 'overwrite_disk'), decision: 'deny', ruleId: 'deny-writes' },
  { name: 'an unmatched tool falls to a later agent rule', request: tool('ops', 'reboot'), decision: 'allow', ruleId: 'ops-everything' },
  { name: 'an earlier deny beats a later agent allow', request: tool('ops', 'write_file'), decision: 'deny', ruleId: 'deny-writes' },
  { name: 'nothing matches: default decision', request: tool('nobody', 'reboot'), decision: 'deny', ruleId: 'default' },
  { name: 'agent ids are case-sensitive', request: prompt('AGENT-1'), decision: 'deny', ruleId: 'default' },
];

describe('evaluatePolicy', () => {
  it.each(CASES)('$name', ({ request, decision, ruleId }) => {
    const result = evaluatePolicy(POLICY, request);
    expect(result).toMatchObject({ decision, ruleId, policyHash: 'eval-hash', policyVersion: 'eval-1' });
  });

  it('reports the rule reason, a default rule reason, and the default reason', () => {
    expect(evaluatePolicy(POLICY, prompt('evil')).reason).toBe('evil is blocked');
    expect(evaluatePolicy(POLICY, prompt('agent-1')).reason).toBe('matched rule "agents-prompt"');
    expect(evaluatePolicy(POLICY, prompt('nobody')).reason).toBe('nothing matched');
  });

  it('uses an allow default when the policy says so', () => {
    const open = compileFromObject({ version: '1', defaultDecision: 'allow', rules: [{ id: 'x', match: { agentIds: ['x'] }, decision: 'deny' }] });
    expect(evaluatePolicy(open, prompt('y'))).toMatchObject({ decision: 'allow', ruleId: 'default', reason: 'no matching rule' });
    expect(evaluatePolicy(open, prompt('x'))).toMatchObject({ decision: 'deny', ruleId: 'x' });
  });
});

describe('evaluatePolicy fails closed', () => {
  const throwingRule = {
    id: 'broken',
    decision: 'allow' as const,
    reason: 'should never be reached',
    matchAgent: () => {
      throw new Error('matcher exploded');
    },
    actions: undefined,
    matchTool: undefined,
  };
  const broken: CompiledPolicy = { ...POLICY, defaultDecision: 'allow', rules: [throwingRule] };

  it('denies with ruleId "error" when a matcher throws, even under an allow default', () => {
    expect(evaluatePolicy(broken, prompt('agent-1'))).toEqual({
      decision: 'deny',
      ruleId: 'error',
      reason: 'policy.evaluation_error: matcher exploded',
      policyHash: 'eval-hash',
      policyVersion: 'eval-1',
    });
  });

  it.each([
    ['an unknown action', { agentId: 'ops', action: 'tool:run' }],
    ['a missing agentId', { action: 'prompt:check' }],
    ['a non-string toolName', { agentId: 'ops', action: 'tool:execute', toolName: 42 }],
  ])('denies a request with %s instead of matching part of it', (_name, request) => {
    const result = evaluatePolicy(POLICY, request as unknown as PolicyRequest);
    expect(result.decision).toBe('deny');
    expect(result.ruleId).toBe('error');
    expect(result.reason).toMatch(/^policy\.evaluation_error: /);
  });

  it('denies even when the policy object itself is broken', () => {
    const result = evaluatePolicy(undefined as unknown as CompiledPolicy, prompt('x'));
    expect(result).toMatchObject({ decision: 'deny', ruleId: 'error', policyHash: 'unknown' });
  });
});

describe('compiled policies are frozen', () => {
  it('cannot be modified after compile', () => {
    expect(Object.isFrozen(POLICY)).toBe(true);
    expect(Object.isFrozen(POLICY.rules)).toBe(true);
    expect(POLICY.rules.every((r) => Object.isFrozen(r))).toBe(true);
    expect(() => (POLICY.rules as unknown as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (POLICY as { defaultDecision: string }).defaultDecision = 'allow';
    }).toThrow(TypeError);
    const withTools = compileFromObject({ version: '1', rules: [], tools: { t: { rateLimitPerMinute: 1 } } });
    expect(Object.isFrozen(withTools.tools?.get('t'))).toBe(true);
  });
});

describe('builtinPolicy', () => {
  it.each([
    [true, 'deny', 'builtin:deny-all'],
    [false, 'allow', 'builtin:allow-all'],
  ] as const)('defaultDeny %s: %s everything, hash %s', (defaultDeny, decision, hash) => {
    const policy = builtinPolicy(defaultDeny);
    expect(policy).toMatchObject({ hash, source: 'builtin', defaultDecision: decision, rules: [], tools: undefined });
    expect(Object.isFrozen(policy)).toBe(true);
    for (const request of [prompt('any'), tool('any', 'any')]) {
      expect(evaluatePolicy(policy, request)).toMatchObject({ decision, ruleId: 'default', policyHash: hash });
    }
  });
});
