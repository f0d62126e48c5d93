import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startSidecar } from '../helpers/sidecar-process';

// The command line of the single executable: help, version, usage errors, policy check, healthcheck.
const packageVersion = (await import('../../package.json', { with: { type: 'json' } })).default.version;

function writePolicy(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kg-cli-')), 'policy.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('help and version', () => {
  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-v']) {
      const r = await runCli([flag]);
      expect(r).toMatchObject({ code: 0, stdout: `${packageVersion}\n` });
    }
  });

  it.each([[['--help']], [['help']], [['serve', '--help']], [['token', '--help']], [['policy', '--help']], [['policy', 'check', '--help']], [['healthcheck', '--help']], [['seccomp-profile', '--help']], [['apparmor-profile', '--help']], [['sandbox-profile', '-h']]])(
    '%j prints usage and exits 0',
    async (args) => {
      const r = await runCli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: kalguard-sidecar/);
    },
  );

  it.each([[['frobnicate']], [['serve', '--bogus']], [['policy', 'lint', 'x']], [['policy', 'check']], [['healthcheck', '--url', 'ftp://x']], [['token', '--agent']], [['apparmor-profile', '--bogus']], [['apparmor-profile', 'a', 'b']], [['sandbox-profile', '--port', '9292']], [['sandbox-profile', 'a', 'b']]])(
    '%j is a usage error on stderr with exit 2',
    async (args) => {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^kalguard-sidecar: .*\(see --help\)\n$/);
    },
  );

  // Formerly reserved (exit 3 "not available yet"); now they write their profile to FILE.
  it.each([
    ['seccomp-profile', /^\{\n {2}"defaultAction": "SCMP_ACT_ERRNO"/],
    ['apparmor-profile', /^# AppArmor profile for kalguard-sidecar/],
    ['sandbox-profile', /^;; macOS sandbox-exec \(SBPL\) profile for kalguard-sidecar/],
  ])('%s writes its profile to FILE, exit 0', async (command, head) => {
    const out = join(mkdtempSync(join(tmpdir(), 'kg-cli-')), 'profile');
    const r = await runCli([command, out]);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toMatch(head);
  });
});

describe('policy check', () => {
  it('accepts the documented example and warns about dead rules', async () => {
    const path = writePolicy({
      version: '1.0',
      defaultDecision: 'deny',
      rules: [
        { id: 'all-agents', match: { agentIds: ['agent-*'] }, decision: 'allow' },
        { id: 'agent-1-tools', match: { agentIds: ['agent-1'], actions: ['tool:execute'] }, decision: 'deny' },
      ],
    });
    const r = await runCli(['policy', 'check', path]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid: .* \(version 1\.0, 2 rules, sha256 [0-9a-f]{64}\)/);
    expect(r.stdout).toMatch(/warning: rules\[1\]: rule "agent-1-tools" can never match: rule "all-agents"/);
  });

  it('warns about a policy that can allow nothing', async () => {
    const r = await runCli(['policy', 'check', writePolicy({ version: '1', rules: [] })]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/can allow nothing/);
  });

  it('lists every problem with its JSON path and exits 1', async () => {
    const path = writePolicy({ version: '1', rules: [{ id: 'a', match: { agentIds: 'x', colour: 1 }, decision: 'maybe' }, { id: 'a', match: {}, decision: 'deny' }] });
    const r = await runCli(['policy', 'check', path]);
    expect(r.code).toBe(1);
    for (const p of ['rules[0].match.agentIds', 'rules[0].match.colour', 'rules[0].decision', 'rules[1].id']) expect(r.stderr).toContain(p);
  });

  it('reports unreadable and non-JSON files with exit 1', async () => {
    expect((await runCli(['policy', 'check', '/nonexistent/p.json'])).code).toBe(1);
    const r = await runCli(['policy', 'check', writePolicy('{"version": "1", "rules": [,]}')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not valid JSON/);
  });
});

describe('healthcheck', () => {
  it('exits 0 against a healthy sidecar and 1 when nothing answers', async () => {
    const sidecar = await startSidecar();
    try {
      expect((await runCli(['healthcheck', '--url', `${sidecar.url}/health`])).code).toBe(0);
      // Default URL: loopback on KALGUARD_PORT.
      expect((await runCli(['healthcheck'], { KALGUARD_PORT: String(sidecar.port) })).code).toBe(0);
      const notFound = await runCli(['healthcheck', '--url', `${sidecar.url}/nope`]);
      expect(notFound.code).toBe(1);
    } finally {
      await sidecar.stop();
    }
    const down = await runCli(['healthcheck', '--url', `${sidecar.url}/health`, '--timeout', '500']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^unhealthy:/);
  });
});
