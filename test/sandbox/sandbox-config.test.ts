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
  it('has safe defaults: no roots (every run refused), bwrap at /usr/bin/bwrap, 4 runs, 10 s, 1 MiB; limits 1 GiB data, 64 MiB files, 256 fds, 128 processes, 300 CPU s', () => {
    expect(parseConfig({}).sandbox).toEqual({
      roots: [],
      bwrapPath: '/usr/bin/bwrap',
      maxConcurrent: 4,
      defaultTimeoutMs: 10_000,
      maxOutputBytes: 1_048_576,
      maxMemoryBytes: 1_073_741_824,
      maxFileBytes: 67_108_864,
      maxOpenFiles: 256,
      maxProcesses: 128,
      maxCpuSeconds: 300,
    });
  });

  it('reads the resource limits', () => {
    const env = { KALGUARD_SANDBOX_MAX_MEMORY_BYTES: '268435456', KALGUARD_SANDBOX_MAX_FILE_BYTES: '1', KALGUARD_SANDBOX_MAX_OPEN_FILES: '64', KALGUARD_SANDBOX_MAX_PROCESSES: '16', KALGUARD_SANDBOX_MAX_CPU_SECONDS: '2' };
    expect(parseConfig(env).sandbox).toMatchObject({ maxMemoryBytes: 268_435_456, maxFileBytes: 1, maxOpenFiles: 64, maxProcesses: 16, maxCpuSeconds: 2 });
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
    [{ KALGUARD_SANDBOX_MAX_MEMORY_BYTES: '1048576' }, 'KALGUARD_SANDBOX_MAX_MEMORY_BYTES: expected a whole number from 16777216 to 1099511627776'],
    [{ KALGUARD_SANDBOX_MAX_FILE_BYTES: '0' }, 'KALGUARD_SANDBOX_MAX_FILE_BYTES: expected a whole number from 1 to 1099511627776'],
    [{ KALGUARD_SANDBOX_MAX_OPEN_FILES: '7' }, 'KALGUARD_SANDBOX_MAX_OPEN_FILES: expected a whole number from 8 to 1048576'],
    [{ KALGUARD_SANDBOX_MAX_PROCESSES: '-1' }, 'KALGUARD_SANDBOX_MAX_PROCESSES: expected a whole number from 4 to 65536'],
    [{ KALGUARD_SANDBOX_MAX_CPU_SECONDS: '3601' }, 'KALGUARD_SANDBOX_MAX_CPU_SECONDS: expected a whole number from 1 to 3600'],
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
