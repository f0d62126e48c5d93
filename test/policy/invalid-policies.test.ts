import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KalguardError } from '../../src/errors';
import { loadPolicyFile, parsePolicy } from '../../src/policy';
import { expectOnePolicyProblem, fixtureNames, thrownBy } from './support/policies';

const DIR = fileURLToPath(new URL('./fixtures/invalid/', import.meta.url));

/*
 * One fixture per configuration error (envoy ratelimit style). Each file holds exactly one
 * problem; the table says where it is and what the message must say.
 */
const CASES: readonly { file: string; path: string; message: string }[] = [
  // Strictness: an unknown key anywhere is an error, never silently ignored.
  { file: 'unknown-top-level-key', path: 'colour', message: 'unknown key' },
  // Regression: the original product ignored `tool` (for `tools`) and so allowed every tool.
  { file: 'unknown-match-key-tool', path: 'rules[0].match.tool', message: 'unknown key (allowed here: agentIds, actions, tools)' },
  { file: 'unknown-match-key-second-rule', path: 'rules[1].match.colour', message: 'unknown key' },
  { file: 'unknown-rule-key', path: 'rules[0].effect', message: 'unknown key' },
  { file: 'unknown-tool-key', path: 'tools.get_weather.parametrs', message: 'unknown key' },
  // Types and enums.
  { file: 'match-tools-not-array', path: 'rules[3].match.tools', message: 'expected an array of strings' },
  { file: 'match-tools-item-not-string', path: 'rules[0].match.tools[1]', message: 'expected a string' },
  { file: 'unknown-action', path: 'rules[0].match.actions[1]', message: 'expected "prompt:check" or "tool:execute", got "tool:run"' },
  { file: 'decision-maybe', path: 'rules[0].decision', message: 'expected "allow" or "deny", got "maybe"' },
  { file: 'default-decision-block', path: 'defaultDecision', message: 'expected "allow" or "deny"' },
  { file: 'version-not-string', path: 'version', message: 'expected a string' },
  { file: 'rules-not-array', path: 'rules', message: 'expected an array of rules' },
  { file: 'tools-not-object', path: 'tools', message: 'expected an object mapping tool names to definitions' },
  { file: 'parameters-not-object', path: 'tools.get_weather.parameters', message: 'expected a JSON Schema object' },
  { file: 'root-array', path: '(root)', message: 'expected a JSON object' },
  { file: 'root-string', path: '(root)', message: 'expected a JSON object' },
  // Required fields.
  { file: 'missing-version', path: 'version', message: 'required' },
  { file: 'missing-rules', path: 'rules', message: 'required' },
  { file: 'missing-match', path: 'rules[0].match', message: 'required' },
  // Values that parse but are almost certainly mistakes.
  { file: 'duplicate-rule-ids', path: 'rules[2].id', message: 'duplicate rule id "allow-x" (first used at rules[0])' },
  { file: 'reserved-rule-id', path: 'rules[0].id', message: '"default" is reserved' },
  { file: 'empty-rule-id', path: 'rules[0].id', message: 'must not be an empty string' },
  { file: 'empty-agent-ids', path: 'rules[0].match.agentIds', message: 'must not be empty: an empty list matches nothing' },
  { file: 'empty-glob', path: 'rules[0].match.agentIds[1]', message: 'must not be an empty string' },
  { file: 'dead-tool-rule', path: 'rules[0].match.tools', message: 'can never match' },
  { file: 'empty-tool-name', path: 'tools', message: 'a tool name must not be an empty string' },
  { file: 'proto-tool-name', path: 'tools.__proto__', message: 'reserved name' },
  { file: 'negative-rate-limit', path: 'tools.get_weather.rateLimitPerMinute', message: 'expected a positive whole number, got number -5' },
  { file: 'zero-rate-limit', path: 'tools.get_weather.rateLimitPerMinute', message: 'expected a positive whole number' },
  { file: 'fractional-rate-limit', path: 'tools.get_weather.rateLimitPerMinute', message: 'expected a positive whole number' },
  // Not JSON at all.
  { file: 'trailing-comma', path: '(root)', message: 'not valid JSON' },
  { file: 'empty-file', path: '(root)', message: 'not valid JSON: the file is empty' },
  // Tool schemas that ajv (strict) refuses; each would otherwise validate less than its author meant.
  { file: 'schema-bad-type', path: 'tools.get_weather.parameters', message: 'invalid JSON Schema: schema is invalid: data/type must be equal to one of the allowed values' },
  { file: 'schema-typo-requried', path: 'tools.get_weather.parameters', message: 'unknown keyword: "requried"' },
  { file: 'schema-unknown-format', path: 'tools.send_mail.parameters', message: 'unknown format "e-mail"' },
  { file: 'schema-unresolvable-ref', path: 'tools.t.parameters', message: "can't resolve reference" },
];

describe('invalid policy fixtures', () => {
  it.each(CASES)('$file.json → $path: $message', async ({ file, path, message }) => {
    await expectOnePolicyProblem(`${DIR}${file}.json`, path, message);
  });

  it('has a table entry for every fixture file, and a file for every entry', () => {
    expect(fixtureNames(DIR)).toEqual(CASES.map((c) => c.file).sort());
  });

  it('tells JSON syntax errors by line and column', async () => {
    const error = (await loadPolicyFile(`${DIR}trailing-comma.json`, { defaultDeny: true }).catch((e: unknown) => e)) as KalguardError;
    expect(error.message).toMatch(/^Cannot load policy .*trailing-comma\.json: not valid JSON: .*\(line 4, column 1\)$/);
  });
});

describe('parse problems are collected, not only the first', () => {
  const text = JSON.stringify({
    version: 2,
    colour: 'red',
    rules: [
      { id: 'a', match: { agentIds: [] }, decision: 'allow' },
      { id: 'a', match: { colour: 'red', tools: 'x' }, decision: 'maybe' },
    ],
  });

  it('reports every problem with its path, and counts them in the message', () => {
    const error = thrownBy(() => parsePolicy(text, { defaultDeny: true })) as KalguardError;
    expect(error.code).toBe('ERR_POLICY_INVALID');
    expect(error.details.map((d) => d.path).sort()).toEqual(
      ['colour', 'rules[0].match.agentIds', 'rules[1].decision', 'rules[1].id', 'rules[1].match.colour', 'rules[1].match.tools', 'version'].sort(),
    );
    expect(error.message).toMatch(/^Cannot load policy: 7 problems: [^;]+; [^;]+; [^;]+; and 4 more$/);
  });
});
