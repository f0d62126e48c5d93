import { describe, expect, it } from 'vitest';
import { analyzePolicy, parsePolicy } from '../../src/policy';

const analyze = (rules: unknown[], defaultDecision = 'deny') =>
  analyzePolicy(parsePolicy(JSON.stringify({ version: '1', defaultDecision, rules }), { defaultDeny: true }));
const rule = (id: string, match: object, decision = 'allow') => ({ id, match, decision });

describe('policy analysis', () => {
  it.each([
    ['a catch-all before anything', [rule('all', {}), rule('x', { agentIds: ['a'] })], 'rules[1]'],
    ['same agent glob', [rule('a', { agentIds: ['agent-*'] }, 'deny'), rule('b', { agentIds: ['agent-1'], actions: ['tool:execute'] })], 'rules[1]'],
    ['prefix glob covers longer prefix', [rule('a', { agentIds: ['prod-*'] }), rule('b', { agentIds: ['prod-eu-*'] })], 'rules[1]'],
    ['tools * covers a tool rule', [rule('a', { actions: ['tool:execute'], tools: ['*'] }), rule('b', { agentIds: ['x'], tools: ['get_weather'] })], 'rules[1]'],
    ['middle glob covers a literal', [rule('a', { agentIds: ['team-*-bot'] }), rule('b', { agentIds: ['team-red-bot'] })], 'rules[1]'],
  ])('warns: %s', (_name, rules, path) => {
    expect(analyze(rules).map((w) => w.path)).toContain(path);
  });

  it.each([
    ['different agents', [rule('a', { agentIds: ['a'] }), rule('b', { agentIds: ['b'] })]],
    ['narrower first', [rule('a', { agentIds: ['agent-1'] }), rule('b', { agentIds: ['agent-*'] })]],
    ['a tools rule does not cover prompt checks', [rule('a', { tools: ['*'] }), rule('b', { agentIds: ['x'] })]],
    ['different actions', [rule('a', { actions: ['prompt:check'] }), rule('b', { actions: ['tool:execute'] })]],
    ['suffix glob does not cover prefix glob', [rule('a', { agentIds: ['*-prod'] }), rule('b', { agentIds: ['eu-*'] })]],
  ])('does not warn: %s', (_name, rules) => {
    expect(analyze(rules).filter((w) => w.path.startsWith('rules['))).toEqual([]);
  });

  it('warns when nothing can be allowed', () => {
    expect(analyze([rule('d', { agentIds: ['x'] }, 'deny')])).toContainEqual({ path: 'rules', message: expect.stringMatching(/can allow nothing/) });
    expect(analyze([], 'allow')).toEqual([]);
  });
});
