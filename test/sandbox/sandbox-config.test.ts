import { symlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { KalguardError } from '../../src/errors';
import { resolveRoots } from '../../src/sandbox';
import { makeRoot } from './helpers';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    parseConfig(env);
  } catch (error) {
    return (error as KalguardError).details.map((d) => `${d.path}: ${d.message}`);
  }
  return [];
};

describe('KALGUARD_SANDBOX_* configuration', () => {
  it('has safe defaults: no roots (every run refused), bwrap at /usr/bin/bwrap, 4 runs, 10 s, 1 MiB', () => {
    expect(parseConfig({}).sandbox).toEqual({ roots: [], bwrapPath: '/usr/bin/bwrap', maxConcurrent: 4, defaultTimeoutMs: 10_000, maxOutputBytes: 1_048_576 });
  });

  it('reads a colon-separated list of roots, trailing slashes and duplicates removed', () => {
    expect(parseConfig({ KALGUARD_SANDBOX_ROOTS: '/srv/tools/:/var/lib/agent-work::/srv/tools' }).sandbox.roots).toEqual(['/srv/tools', '/var/lib/agent-work']);
  });

  it.each([
    [{ KALGUARD_SANDBOX_ROOTS: 'tools' }, 'KALGUARD_SANDBOX_ROOTS: "tools" is not an absolute path'],
    [{ KALGUARD_SANDBOX_ROOTS: '/srv:/' }, 'KALGUARD_SANDBOX_ROOTS: "/" cannot be a working-directory root'],
    [{ KALGUARD_SANDBOX_BWRAP_PATH: 'bwrap' }, 'KALGUARD_SANDBOX_BWRAP_PATH: expected an absolute path'],
    [{ KALGUARD_SANDBOX_MAX_CONCURRENT: '0' }, 'KALGUARD_SANDBOX_MAX_CONCURRENT: expected a whole number from 1 to 1024'],
    [{ KALGUARD_SANDBOX_TIMEOUT_MS: '3600001' }, 'KALGUARD_SANDBOX_TIMEOUT_MS: expected a whole number from 1 to 3600000'],
    [{ KALGUARD_SANDBOX_MAX_OUTPUT_BYTES: 'lots' }, 'KALGUARD_SANDBOX_MAX_OUTPUT_BYTES: expected a whole number'],
  ])('%j is refused: %s', (env, message) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('resolves roots through symlinks, and a root that does not exist stops the start', () => {
    const { root } = makeRoot();
    symlinkSync(root, `${root}-link`);
    expect(resolveRoots([`${root}-link`])).toEqual([root]);
    expect(() => resolveRoots(['/nonexistent/root'])).toThrow('Cannot start: KALGUARD_SANDBOX_ROOTS: /nonexistent/root does not exist');
  });
});
