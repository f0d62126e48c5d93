import { describe, expect, it } from 'vitest';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_PATH, NOBODY, RUNNING_AS_ROOT, runCli, startSidecar, unsafe } from '../helpers/sidecar-process';
import { request } from '../helpers/http';

// The appliance refuses to start unsafely: one line per problem naming the override, exit 2;
// with the named override it starts, warns, audits the override and lists it in /health.
function policyDir(policy: object = { version: '1', defaultDecision: 'deny', rules: [] }) {
  const dir = mkdtempSync(join(tmpdir(), 'kg-gate-'));
  chmodSync(dir, 0o755);
  const path = join(dir, 'policy.json');
  writeFileSync(path, JSON.stringify(policy), { mode: 0o644 });
  return { dir, path };
}

async function expectRefused(env: Record<string, string | undefined>, override: string, says: RegExp) {
  const result = await runCli(['serve'], env);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(says);
  expect(result.stderr).toContain(`KALGUARD_ALLOW_UNSAFE=${override}`);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

async function expectStartsWithOverride(env: Record<string, string | undefined>, override: string) {
  const audit = join(mkdtempSync(join(tmpdir(), 'kg-gate-audit-')), 'audit.jsonl');
  const sidecar = await startSidecar({ env: { ...env, KALGUARD_ALLOW_UNSAFE: unsafe(override), KALGUARD_AUDIT_LOG_PATH: audit } });
  try {
    expect(sidecar.logs.some((l) => l['level'] === 'warn' && String(l['msg']).includes(override))).toBe(true);
    expect((await request(`${sidecar.url}/health`)).body.unsafe).toContain(override);
  } finally {
    await sidecar.stop();
  }
  const startup = JSON.parse(readFileSync(audit, 'utf8').split('\n')[0]!);
  expect(startup.type).toBe('startup');
  expect(startup.details.unsafe).toContain(override);
  expect(startup.details.overriddenChecks.map((c: { override: string }) => c.override)).toContain(override);
}

describe('refusal to start unsafely (single executable)', () => {
  it('no-token-secret', async () => {
    await expectRefused({ KALGUARD_TOKEN_SECRET: undefined }, 'no-token-secret', /KALGUARD_TOKEN_SECRET is not set/);
    await expectStartsWithOverride({ KALGUARD_TOKEN_SECRET: undefined }, 'no-token-secret');
  });

  it('weak-token-secret', async () => {
    await expectRefused({ KALGUARD_TOKEN_SECRET: 'changeme' }, 'weak-token-secret', /too weak \(it is 8 bytes long/);
    await expectRefused({ KALGUARD_TOKEN_SECRET: 'x'.repeat(40) }, 'weak-token-secret', /distinct characters/);
    await expectStartsWithOverride({ KALGUARD_TOKEN_SECRET: 'changeme' }, 'weak-token-secret');
  });

  it('writable-policy: file writable by others, or its directory', async () => {
    const file = policyDir();
    chmodSync(file.path, 0o666);
    await expectRefused({ KALGUARD_POLICY_PATH: file.path }, 'writable-policy', /writable by others \(mode 0666\)/);
    await expectStartsWithOverride({ KALGUARD_POLICY_PATH: file.path }, 'writable-policy');
    const dir = policyDir();
    chmodSync(dir.dir, 0o777);
    await expectRefused({ KALGUARD_POLICY_PATH: dir.path }, 'writable-policy', /policy directory .* writable by others/);
  });

  it.runIf(RUNNING_AS_ROOT)('writable-policy: owned by another non-root user', async () => {
    const file = policyDir();
    chownSync(file.path, 4242, 4242);
    await expectRefused({ KALGUARD_POLICY_PATH: file.path }, 'writable-policy', /owned by uid 4242/);
  });

  it('writable-audit-dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-gate-open-'));
    chmodSync(dir, 0o777);
    await expectRefused({ KALGUARD_AUDIT_LOG_PATH: join(dir, 'audit.jsonl') }, 'writable-audit-dir', /audit directory .* writable by others/);
  });

  it('default-allow', async () => {
    const file = policyDir({ version: '1', defaultDecision: 'allow', rules: [] });
    await expectRefused({ KALGUARD_POLICY_PATH: file.path }, 'default-allow', /defaultDecision is "allow"/);
    await expectStartsWithOverride({ KALGUARD_POLICY_PATH: file.path }, 'default-allow');
  });

  it('node-options: NODE_OPTIONS code loading reaches a Node 20 single executable, so it is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-gate-node-'));
    const marker = join(dir, 'ran');
    const hook = join(dir, 'hook.js');
    writeFileSync(hook, `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`);
    await expectRefused({ NODE_OPTIONS: `--require ${hook}` }, 'node-options', /--require/);
    // What the gate cannot undo, and why the unit file and images clear NODE_OPTIONS: the preload ran first.
    expect(existsSync(marker)).toBe(true);
    // The single executable itself rejects --inspect in NODE_OPTIONS, and treats --inspect on its
    // command line as an argument of its own (an unknown option: usage error).
    expect((await runCli(['serve'], { NODE_OPTIONS: '--inspect' })).code).not.toBe(0);
    expect((await runCli(['--inspect'])).code).toBe(2);
  });

  it('node-options: --inspect on the node command line of the bundle', async () => {
    const result = await runCli(['serve'], {}, [process.execPath, '--inspect=127.0.0.1:0', BUNDLE_PATH]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('KALGUARD_ALLOW_UNSAFE=node-options');
  });

  it('SIGUSR1 does not open the inspector', async () => {
    const sidecar = await startSidecar();
    try {
      sidecar.child.kill('SIGUSR1');
      await sidecar.waitForLog((l) => String(l['msg']).includes('SIGUSR1 ignored'));
      const connected = await new Promise<boolean>((resolve) => {
        const socket = createConnection({ host: '127.0.0.1', port: 9229 }, () => (socket.destroy(), resolve(true)));
        socket.on('error', () => resolve(false));
      });
      expect(connected).toBe(false);
      expect((await request(`${sidecar.url}/health`)).status).toBe(200);
    } finally {
      await sidecar.stop();
    }
  });

  it('accepts --allow-unsafe on the command line, and rejects an unknown override name', async () => {
    const sidecar = await startSidecar({ env: { KALGUARD_TOKEN_SECRET: 'changeme' }, args: ['serve', '--allow-unsafe=weak-token-secret'] });
    await sidecar.stop();
    const unknown = await runCli(['serve', '--allow-unsafe=everything']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown override "everything"/);
  });
});

describe.runIf(RUNNING_AS_ROOT)('the root check, both sides', () => {
  it('refuses uid 0 without the override, and says which override', async () => {
    await expectRefused({ KALGUARD_ALLOW_UNSAFE: undefined }, 'root', /runs as root \(uid 0\)/);
  });

  it('starts as an unprivileged user without any override', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-gate-nobody-'));
    mkdirSync(join(dir, 'audit'));
    chownSync(join(dir, 'audit'), NOBODY, NOBODY);
    chmodSync(dir, 0o755);
    const file = policyDir();
    const sidecar = await startSidecar({
      uid: NOBODY,
      env: { KALGUARD_ALLOW_UNSAFE: undefined, KALGUARD_POLICY_PATH: file.path, KALGUARD_AUDIT_LOG_PATH: join(dir, 'audit', 'audit.jsonl') },
    });
    try {
      const health = await request(`${sidecar.url}/health`);
      expect(health.body).toMatchObject({ status: 'ok', unsafe: [] });
    } finally {
      expect((await sidecar.stop()).code).toBe(0);
    }
  });
});
