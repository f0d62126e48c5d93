import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile, parsePolicy } from '../../src/policy';
import { expectOnePolicyProblem, fixtureNames } from './support/policies';

const DIR = fileURLToPath(new URL('./fixtures/exec/', import.meta.url));

/*
 * A tool's `exec` section is validated like the rest of the policy: strict, one fixture per
 * problem, every message naming its JSON path. Each fixture is the valid policy with one change.
 */
const CASES: readonly { file: string; path: string; message: string }[] = [
  { file: 'command-relative', path: 'tools.grep.exec.command', message: 'must be an absolute path' },
  { file: 'command-dotdot', path: 'tools.grep.exec.command', message: 'must not contain ".." segments' },
  { file: 'command-missing', path: 'tools.grep.exec.command', message: 'required: expected an absolute path' },
  { file: 'command-not-string', path: 'tools.grep.exec.command', message: 'expected an absolute path, got an array' },
  { file: 'cwd-missing', path: 'tools.grep.exec.cwd', message: 'required: expected an absolute path' },
  { file: 'cwd-relative', path: 'tools.grep.exec.cwd', message: 'must be an absolute path' },
  { file: 'args-not-array', path: 'tools.grep.exec.args', message: 'expected an array of strings, got "-r"' },
  { file: 'args-item-number', path: 'tools.grep.exec.args[1]', message: 'expected a string, got number 3' },
  { file: 'env-reserved-name', path: 'tools.grep.exec.env.KALGUARD_TOKEN_SECRET', message: 'KALGUARD_* names are reserved' },
  { file: 'env-bad-name', path: 'tools.grep.exec.env.A-B', message: 'expected an environment variable name' },
  { file: 'env-value-number', path: 'tools.grep.exec.env.LANG', message: 'expected a string, got number 1' },
  { file: 'timeout-zero', path: 'tools.grep.exec.timeoutMs', message: 'expected a whole number of milliseconds from 1 to 3600000, got number 0' },
  { file: 'timeout-too-large', path: 'tools.grep.exec.timeoutMs', message: 'got number 3600001' },
  { file: 'timeout-fractional', path: 'tools.grep.exec.timeoutMs', message: 'got number 1.5' },
  { file: 'network-string', path: 'tools.grep.exec.network', message: 'expected true or false, got "yes"' },
  // Strictness matters most here: a `shell: true` that was silently ignored would mislead its author.
  { file: 'unknown-exec-key', path: 'tools.grep.exec.shell', message: 'unknown key (allowed here: command, args, cwd, env, timeoutMs, network)' },
  { file: 'exec-not-object', path: 'tools.grep.exec', message: 'expected an exec object' },
];

describe('invalid exec sections', () => {
  it.each(CASES)('$file.json → $path: $message', async ({ file, path, message }) => {
    const error = await expectOnePolicyProblem(`${DIR}invalid/${file}.json`, path, message);
    expect(error.message).toContain(`${path}: `);
  });

  it('has a table entry for every fixture file, and a file for every entry', () => {
    expect(fixtureNames(`${DIR}invalid`)).toEqual(CASES.map((c) => c.file).sort());
  });
});

describe('a valid exec section', () => {
  it('compiles, frozen, with what the file says', async () => {
    const policy = await loadPolicyFile(`${DIR}valid.json`, { defaultDeny: true });
    const exec = policy.tools?.get('grep')?.exec;
    expect(exec).toEqual({ command: '/usr/bin/grep', args: ['-r', '--'], cwd: '/srv/tools', env: { LANG: 'C.UTF-8' }, timeoutMs: 2000, network: true });
    expect(Object.isFrozen(exec)).toBe(true);
    expect(Object.isFrozen(exec?.args)).toBe(true);
    expect(Object.isFrozen(exec?.env)).toBe(true);
  });

  it('fills in the defaults: no args, no env, no network, the runner\'s timeout', () => {
    const policy = parsePolicy(
      JSON.stringify({ version: '1', rules: [], tools: { t: { exec: { command: '/usr/bin/true', cwd: '/srv' } } } }),
      { defaultDeny: true },
    );
    expect(policy.tools?.['t']?.exec).toEqual({ command: '/usr/bin/true', cwd: '/srv' });
  });

  it('leaves a tool without exec check-only (no exec key at all)', async () => {
    const policy = await loadPolicyFile(`${DIR}valid.json`, { defaultDeny: true });
    expect(policy.tools?.get('grep')).toHaveProperty('exec');
    const checkOnly = parsePolicy(JSON.stringify({ version: '1', rules: [], tools: { t: {} } }), { defaultDeny: true });
    expect(checkOnly.tools?.['t']).toEqual({});
  });
});
