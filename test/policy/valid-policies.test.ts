import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluatePolicy, loadPolicyFile, parsePolicy, type PolicyRequest } from '../../src/policy';

const DIR = fileURLToPath(new URL('./fixtures/valid/', import.meta.url));

/** From the original product's documentation; it must load unchanged, byte for byte. */
const DOCUMENTATION_EXAMPLE = `{"version":"1.0","defaultDecision":"deny","defaultReason":"no matching rule","rules":[
  {"id":"allow-agent-1-prompt","match":{"agentIds":["agent-1"],"actions":["prompt:check"]},"decision":"allow","reason":"agent-1 may submit prompts"},
  {"id":"allow-agent-1-weather","match":{"agentIds":["agent-1"],"actions":["tool:execute"],"tools":["get_weather"]},"decision":"allow","reason":"weather lookups are safe"}]}
`;

describe('the documentation example', () => {
  const path = `${DIR}documentation-example.json`;

  it('is the fixture, byte for byte', () => {
    expect(readFileSync(path, 'utf8')).toBe(DOCUMENTATION_EXAMPLE);
  });

  it('loads, hashed by its exact bytes, and decides as documented', async () => {
    const policy = await loadPolicyFile(path, { defaultDeny: false });
    expect(policy.hash).toBe(createHash('sha256').update(DOCUMENTATION_EXAMPLE).digest('hex'));
    expect(policy.version).toBe('1.0');
    expect(policy.source).toBe(path);
    // The file says deny; the option only fills in an absent defaultDecision.
    expect(policy.defaultDecision).toBe('deny');
    expect(policy.tools).toBeUndefined();

    const cases: [PolicyRequest, string, string][] = [
      [{ agentId: 'agent-1', action: 'prompt:check' }, 'allow', 'allow-agent-1-prompt'],
      [{ agentId: 'agent-1', action: 'tool:execute', toolName: 'get_weather' }, 'allow', 'allow-agent-1-weather'],
      [{ agentId: 'agent-1', action: 'tool:execute', toolName: 'delete_files' }, 'deny', 'default'],
      [{ agentId: 'agent-2', action: 'prompt:check' }, 'deny', 'default'],
    ];
    for (const [request, decision, ruleId] of cases) {
      expect(evaluatePolicy(policy, request), JSON.stringify(request)).toMatchObject({ decision, ruleId, policyHash: policy.hash, policyVersion: '1.0' });
    }
    expect(evaluatePolicy(policy, { agentId: 'agent-2', action: 'prompt:check' }).reason).toBe('no matching rule');
  });
});

describe('a policy with a tools section pasted from an OpenAI function definition', () => {
  it('compiles each parameters schema into a validator', async () => {
    const policy = await loadPolicyFile(`${DIR}openai-tools.json`, { defaultDeny: true });
    expect([...(policy.tools?.keys() ?? [])].sort()).toEqual(['get_time', 'get_weather']);
    const weather = policy.tools?.get('get_weather');
    expect(weather?.rateLimitPerMinute).toBe(30);
    const validate = weather?.validateArguments;
    if (validate === undefined) return expect.fail('get_weather has no validator');
    expect(validate({ city: 'Oslo' })).toBe(true);
    expect(validate({ city: 'Oslo', unit: 'c' })).toBe(true);
    expect(validate({ city: 'Oslo', unit: 'kelvin' })).toBe(false);
    expect(validate({ unit: 'c' })).toBe(false);
    expect(validate({ city: 'Oslo', shell: 'rm -rf /' })).toBe(false);
    expect(policy.tools?.get('get_time')).toEqual({ name: 'get_time', validateArguments: undefined, rateLimitPerMinute: undefined });
  });

  it('keeps rule descriptions out of the way of evaluation and uses a default reason', async () => {
    const policy = await loadPolicyFile(`${DIR}openai-tools.json`, { defaultDeny: true });
    expect(evaluatePolicy(policy, { agentId: 'weather-eu', action: 'prompt:check' })).toMatchObject({
      decision: 'allow',
      ruleId: 'weather-agents-may-prompt',
      reason: 'matched rule "weather-agents-may-prompt"',
    });
    // No defaultDecision in the file: defaultDeny decides.
    expect(evaluatePolicy(policy, { agentId: 'other', action: 'prompt:check' })).toMatchObject({ decision: 'deny', ruleId: 'default' });
  });

  it('accepts loose shapes that real tool definitions have (relaxed ajv strictness)', async () => {
    const policy = await loadPolicyFile(`${DIR}loose-but-real-schemas.json`, { defaultDeny: true });
    const validate = policy.tools?.get('search')?.validateArguments;
    expect(validate?.({ query: 'kalguard', page: 1, when: '2024-01-01T00:00:00Z' })).toBe(true);
    // Formats are checked (ajv-formats is installed), not ignored.
    expect(validate?.({ query: 'kalguard', page: 1, when: 'yesterday' })).toBe(false);
  });
});

describe('parsePolicy defaults', () => {
  const minimal = '{"version":"1","rules":[]}';

  it.each([
    [true, 'deny'],
    [false, 'allow'],
  ] as const)('defaultDeny %s makes an absent defaultDecision %s', (defaultDeny, expected) => {
    expect(parsePolicy(minimal, { defaultDeny })).toMatchObject({ defaultDecision: expected, defaultReason: 'no matching rule' });
  });

  it('keeps an explicit defaultDecision whatever defaultDeny says', () => {
    expect(parsePolicy('{"version":"1","defaultDecision":"allow","rules":[]}', { defaultDeny: true }).defaultDecision).toBe('allow');
  });

  it('ignores a UTF-8 byte order mark', () => {
    expect(parsePolicy(`\uFEFF${minimal}`, { defaultDeny: true }).version).toBe('1');
  });

  it('does not let a tool named like an Object.prototype member meet the prototype', () => {
    const doc = parsePolicy('{"version":"1","rules":[],"tools":{"constructor":{},"toString":{"rateLimitPerMinute":2}}}', { defaultDeny: true });
    expect(Object.keys(doc.tools ?? {}).sort()).toEqual(['constructor', 'toString']);
    expect(doc.tools?.['toString']?.rateLimitPerMinute).toBe(2);
  });
});
