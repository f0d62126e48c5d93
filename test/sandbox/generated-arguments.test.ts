import { describe, expect, it } from 'vitest';
import { buildBwrapArgs, buildChildEnv, buildSandboxExecArgs, generateSeatbeltProfile } from '../../src/sandbox';

const call = { command: '/usr/bin/grep', args: ['-r', '$(id)'], cwd: '/srv/tools/work', env: { PATH: '/usr/bin', LANG: 'C.UTF-8' }, network: false };
const host = { symlinks: { '/bin': 'usr/bin', '/lib': 'usr/lib' } };

/** The value following a flag, for every occurrence. */
function pairs(args: readonly string[], flag: string, arity: number): string[][] {
  const out: string[][] = [];
  args.forEach((a, i) => {
    if (a === flag) out.push(args.slice(i + 1, i + 1 + arity) as string[]);
  });
  return out;
}

describe('the bubblewrap command line', () => {
  const args = buildBwrapArgs(call, host);

  it('confines: namespaces, no capabilities, dies with the sidecar, new session, empty environment', () => {
    for (const flag of ['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-net', '--die-with-parent', '--new-session', '--clearenv']) expect(args).toContain(flag);
    expect(pairs(args, '--cap-drop', 1)).toEqual([['ALL']]);
    expect(args).not.toContain('--share-net');
  });

  it('binds system directories read-only, recreates host symlinks, and the working directory read-write after a private /tmp', () => {
    expect(pairs(args, '--ro-bind-try', 2)).toContainEqual(['/usr', '/usr']);
    expect(pairs(args, '--symlink', 2)).toEqual([['usr/bin', '/bin'], ['usr/lib', '/lib']]);
    expect(pairs(args, '--bind', 2)).toEqual([[call.cwd, call.cwd]]);
    expect(args.indexOf('--bind')).toBeGreaterThan(args.indexOf('--tmpfs'));
    expect(pairs(args, '--chdir', 1)).toEqual([[call.cwd]]);
    // Nothing of the host beyond that: no /home, /root, /var, /run, and /etc only file by file.
    const sources = [...pairs(args, '--ro-bind-try', 2), ...pairs(args, '--bind', 2)].map(([source]) => source!);
    for (const source of sources) expect(source).toMatch(/^(\/usr|\/s?bin|\/lib(32|64|x32)?|\/etc\/[a-z.]|\/srv\/tools\/work$)/);
    expect(sources).not.toContain('/etc');
  });

  it('passes the environment with --setenv only, and the command and arguments after --', () => {
    expect(pairs(args, '--setenv', 2)).toEqual([['PATH', '/usr/bin'], ['LANG', 'C.UTF-8']]);
    expect(args.slice(args.indexOf('--'))).toEqual(['--', '/usr/bin/grep', '-r', '$(id)']);
  });

  it('loads the seccomp filter from the given fd, just before the command', () => {
    const withFilter = buildBwrapArgs({ ...call, seccompFd: 3 }, host);
    expect(withFilter.slice(withFilter.indexOf('--seccomp'), withFilter.indexOf('--') + 1)).toEqual(['--seccomp', '3', '--']);
    expect(args).not.toContain('--seccomp');
  });

  it('shares the host network (and its name resolution files) only when allowed', () => {
    const withNet = buildBwrapArgs({ ...call, network: true }, host);
    expect(withNet).not.toContain('--unshare-net');
    expect(pairs(withNet, '--ro-bind-try', 2)).toContainEqual(['/etc/resolv.conf', '/etc/resolv.conf']);
    expect(pairs(args, '--ro-bind-try', 2)).not.toContainEqual(['/etc/resolv.conf', '/etc/resolv.conf']);
  });
});

describe('the macOS sandbox-exec profile (generation only: not verified on macOS here)', () => {
  it('denies by default and allows the network only when asked', () => {
    expect(generateSeatbeltProfile(false)).toMatch(/^\(version 1\)\n\(deny default\)\n/);
    expect(generateSeatbeltProfile(false)).not.toContain('network');
    expect(generateSeatbeltProfile(true)).toContain('(allow network*)');
  });

  it('passes paths as parameters, never inside the profile text', () => {
    const hostile = '/tmp/x") (allow default) ("';
    const args = buildSandboxExecArgs({ command: '/usr/bin/grep', args: ['-r'], cwd: hostile, network: false });
    expect(args[1]).not.toContain(hostile);
    expect(args[1]).toContain('(subpath (param "CWD"))');
    expect(args).toEqual(['-p', args[1], '-D', 'COMMAND=/usr/bin/grep', '-D', `CWD=${hostile}`, '/usr/bin/grep', '-r']);
  });
});

describe('buildChildEnv', () => {
  it('walks the allowlist, never the source: unnamed variables cannot arrive', () => {
    const source = { HOME: '/home/a', SECRET: 's', LANG: 'C' };
    expect(buildChildEnv({ inherit: ['HOME', 'MISSING'], values: { LANG: 'x' } }, source)).toEqual({ HOME: '/home/a', LANG: 'x', PATH: '/usr/local/bin:/usr/bin:/bin' });
  });

  it('refuses KALGUARD_* names in any case, and invalid names', () => {
    expect(() => buildChildEnv({ inherit: ['KALGUARD_TOKEN_SECRET'], values: {} }, {})).toThrow(/reserved/);
    expect(() => buildChildEnv({ inherit: [], values: { Kalguard_X: '1' } }, {})).toThrow(/reserved/);
    expect(() => buildChildEnv({ inherit: ['A=B'], values: {} }, {})).toThrow(/not a valid environment variable name/);
    expect(() => buildChildEnv({ inherit: [], values: { A: 'x\0y' } }, {})).toThrow(/NUL/);
  });
});
