import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from '../helpers/http';
import { NOBODY, PROJECT_ROOT, RUNNING_AS_ROOT, TEST_SECRET, startSidecar } from '../helpers/sidecar-process';
import { agentToken } from '../helpers/tokens';

// The committed strict profile loaded by a real OCI runtime (runc, from Debian; .ci/run installs
// it): the runtime loads the filter and then executes the binary, so this checks what the loader
// test cannot — the runtime's own calls between loading the filter and execve. Container: a
// read-only root of host directories bound read-only, the binary, a writable /data, uid 65534, no
// capabilities, the host network (so that the test can reach it).
const hasRunc = spawnSync('runc', ['--version']).status === 0;
const strict = JSON.parse(readFileSync(join(PROJECT_ROOT, 'os/seccomp/kalguard-sidecar.json'), 'utf8'));
const POLICY = readFileSync(join(PROJECT_ROOT, 'test/e2e/fixtures/policy.json'), 'utf8');
const containers: string[] = [];

afterEach(() => {
  for (const id of containers.splice(0)) spawnSync('runc', ['delete', '--force', id]);
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** An OCI bundle running the built binary under `profile`; returns the runc command line. */
function bundle(profile: unknown, options: { noNewPrivileges: boolean; port: number }): { command: string[]; data: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kg-runc-'));
  mkdirSync(join(dir, 'rootfs'));
  const data = join(dir, 'data');
  mkdirSync(data);
  chownSync(data, NOBODY, NOBODY);
  chmodSync(data, 0o755);
  writeFileSync(join(data, 'policy.json'), POLICY, { mode: 0o644 });
  execFileSync('runc', ['spec', '--bundle', dir]);
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  config.process = {
    ...config.process,
    terminal: false,
    args: ['/kg/kalguard-sidecar'],
    user: { uid: NOBODY, gid: NOBODY },
    env: ['PATH=/usr/bin:/bin', 'KALGUARD_HOST=127.0.0.1', `KALGUARD_PORT=${options.port}`, `KALGUARD_TOKEN_SECRET=${TEST_SECRET}`, 'KALGUARD_POLICY_PATH=/data/policy.json', 'KALGUARD_AUDIT_LOG_PATH=/data/audit.jsonl', 'KALGUARD_AUDIT_FSYNC=true', 'KALGUARD_SANDBOX_ROOTS=/data', 'KALGUARD_MAX_EVENT_LOOP_DELAY_MS=0'],
    noNewPrivileges: options.noNewPrivileges,
    capabilities: { bounding: [], effective: [], inheritable: [], permitted: [], ambient: [] },
  };
  config.root = { path: 'rootfs', readonly: true };
  const binds: [string, string, string][] = [['/usr', '/usr', 'ro'], ['/lib', '/lib', 'ro'], ['/lib64', '/lib64', 'ro'], ['/bin', '/bin', 'ro'], ['/etc', '/etc', 'ro'], ['/kg', join(PROJECT_ROOT, 'dist'), 'ro'], ['/data', data, 'rw']];
  for (const [destination, source, mode] of binds) config.mounts.push({ destination, type: 'bind', source, options: ['rbind', mode] });
  config.linux.namespaces = config.linux.namespaces.filter((n: { type: string }) => n.type !== 'network');
  delete config.linux.resources;
  config.linux.seccomp = profile;
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const id = `kg-seccomp-${process.pid}-${containers.length}-${Date.now()}`;
  containers.push(id);
  return { command: ['runc', 'run', '--bundle', dir, id], data };
}

describe.skipIf(!RUNNING_AS_ROOT || !hasRunc || process.arch !== 'x64')('seccomp profile under runc', () => {
  it('with no-new-privileges, runc starts the binary under the strict profile and it serves, audits and stops cleanly', async () => {
    const port = await freePort();
    const { command, data } = bundle(strict, { noNewPrivileges: true, port });
    const sidecar = await startSidecar({ command, startTimeoutMs: 20_000 });
    try {
      expect((await request(`${sidecar.url}/health`)).status).toBe(200);
      const token = agentToken('agent-1');
      const prompt = await request(`${sidecar.url}/v1/prompt/check`, { token, json: { messages: [{ role: 'user', content: 'Weather in Oslo?' }] } });
      expect(prompt.status, prompt.text).toBe(200);
      expect(prompt.body.data).toMatchObject({ allowed: true });
      const tool = await request(`${sidecar.url}/v1/tool/check`, { token, json: { toolName: 'run_shell', arguments: {} } });
      expect(tool.body.data).toMatchObject({ allowed: false });
      // The start-up probe of the tool sandbox cannot fork under the strict profile: tools are refused.
      expect(sidecar.logs.find((l) => l['event'] === 'sandbox')?.['sandbox']).toBe('unavailable');
    } finally {
      // runc run forwards the signal to the container's process and exits with its status.
      expect(await sidecar.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    }
    const records = readFileSync(join(data, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).type);
    expect(records).toEqual(expect.arrayContaining(['startup', 'prompt.decision', 'shutdown']));
  });

  it('without no-new-privileges runc applies the filter before dropping privileges, and cannot start', () => {
    const { command } = bundle(strict, { noNewPrivileges: false, port: 1 });
    const r = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/operation not permitted/);
  });

  it('needs the runtime extras: without getdents64 runc cannot hand over to the binary', () => {
    const narrow = structuredClone(strict);
    narrow.syscalls[0].names = narrow.syscalls[0].names.filter((n: string) => n !== 'getdents64');
    const { command } = bundle(narrow, { noNewPrivileges: true, port: 1 });
    const r = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/\/proc\/self\/fd: operation not permitted/);
  });
});
