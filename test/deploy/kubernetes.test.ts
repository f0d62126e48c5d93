import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config/env-schema';
import { request } from '../helpers/http';
import { PROJECT_ROOT, RUNNING_AS_ROOT, runCli, startSidecar, TEST_SECRET } from '../helpers/sidecar-process';
import { assembleRootfs, IMAGE_BINARY, runtimeCommand } from './distroless-rootfs';
import { parseManifests, validateManifest } from './kubernetes-schema';

const K8S_DIR = `${PROJECT_ROOT}deploy/kubernetes`;
const FILES = ['policy-configmap.yaml', 'token-secret.yaml', 'example-agent.yaml'];
const manifests = FILES.flatMap((file) => parseManifests(readFileSync(join(K8S_DIR, file), 'utf8')).map((m) => ({ file, m })));
const scratch = mkdtempSync(join(tmpdir(), 'kalguard-k8s-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Obj = Record<string, any>;
const deployment = manifests.find(({ m }) => m['kind'] === 'Deployment')!.m as Obj;
const podSpec = deployment['spec']['template']['spec'] as Obj;
const sidecar = (podSpec['initContainers'] as Obj[]).find((c) => c['name'] === 'kalguard-sidecar')!;
const configMap = manifests.find(({ m }) => m['kind'] === 'ConfigMap')!.m as Obj;
const sidecarEnv = Object.fromEntries((sidecar['env'] as Obj[]).map((e) => [e['name'] as string, e['value'] as string | undefined]));

describe('Kubernetes manifests against the API schemas (kubernetes-models, offline)', () => {
  it('finds every manifest', () => {
    expect(manifests.map(({ m }) => m['kind']).sort()).toEqual(['ConfigMap', 'Deployment', 'Secret', 'Secret']);
  });

  it.each(manifests.map(({ file, m }) => [`${file}: ${String(m['kind'])} ${String((m['metadata'] as Obj)['name'])}`, m]))('%s is valid, with no unknown field', (_name, m) => {
    expect(validateManifest(m as Obj)).toEqual([]);
  });

  it.each([
    ['a misspelt field', (c: Obj) => (c['securityContext']['readOnlyRootFileSystem'] = true), /readOnlyRootFileSystem: not a field/],
    ['a wrong type', (c: Obj) => (c['securityContext']['runAsNonRoot'] = 'true'), /runAsNonRoot must be boolean/],
    ['a bad enum value', (c: Obj) => (c['securityContext']['seccompProfile']['type'] = 'Strict'), /seccompProfile\/type must be equal to one of the allowed values/],
    ['a missing required field', (c: Obj) => delete c['name'], /must have required property '?name'?/],
  ])('rejects %s (so the check can fail)', (_what, breakIt, problem) => {
    const broken = structuredClone(deployment);
    breakIt((broken['spec']['template']['spec']['initContainers'] as Obj[])[0]!);
    expect(validateManifest(broken).join('\n')).toMatch(problem);
  });
});

describe('the sidecar in the pod: what the manifests promise', () => {
  it('is a native sidecar: an init container with restartPolicy Always, before the agent', () => {
    expect(sidecar['restartPolicy']).toBe('Always');
    expect((podSpec['containers'] as Obj[]).map((c) => c['name'])).toEqual(['agent']);
  });

  it('runs non-root, read-only, without privilege escalation or capabilities, under the generated seccomp profile', () => {
    expect(sidecar['securityContext']).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 65532,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/kalguard-sidecar.json' },
    });
    expect(existsSync(`${PROJECT_ROOT}os/seccomp/kalguard-sidecar.json`)).toBe(true);
    expect(podSpec['securityContext']).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(podSpec['automountServiceAccountToken']).toBe(false);
  });

  it('probes /health through the image\'s own healthcheck command, and sets requests and limits', () => {
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(sidecar[probe]['exec']['command']).toEqual([IMAGE_BINARY, 'healthcheck']);
    }
    expect(Object.keys(sidecar['resources']['requests']).sort()).toEqual(['cpu', 'memory']);
    expect(sidecar['resources']['limits']).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
  });

  it('mounts the policy ConfigMap as a directory (a subPath mount never updates) and takes the secret from a Secret', () => {
    const policyMount = (sidecar['volumeMounts'] as Obj[]).find((v) => v['name'] === 'policy')!;
    expect(policyMount).toEqual({ name: 'policy', mountPath: '/etc/kalguard-sidecar/policy', readOnly: true });
    expect(sidecarEnv['KALGUARD_POLICY_PATH']).toBe(`${policyMount['mountPath']}/policy.json`);
    expect(sidecarEnv['KALGUARD_POLICY_WATCH']).toBe('true');
    // The secret as a file from a Secret volume (never an environment variable), readable by the
    // sidecar's group only.
    expect(sidecarEnv['KALGUARD_TOKEN_SECRET']).toBeUndefined();
    const secretMount = (sidecar['volumeMounts'] as Obj[]).find((v) => v['name'] === 'token-secret')!;
    expect(secretMount['readOnly']).toBe(true);
    expect(sidecarEnv['KALGUARD_TOKEN_SECRET_FILE']).toBe(`${secretMount['mountPath']}/token-secret`);
    const secretVolume = (podSpec['volumes'] as Obj[]).find((v) => v['name'] === 'token-secret')!;
    expect(secretVolume['secret']).toEqual({ secretName: 'kalguard-sidecar', defaultMode: 0o440 });
    expect(podSpec['securityContext']['fsGroup']).toBe(65532);
    expect((podSpec['containers'] as Obj[]).some((c) => (c['volumeMounts'] ?? []).some((v: Obj) => v['name'] === 'token-secret'))).toBe(false);
  });

  it('uses only KALGUARD_* variables the sidecar knows (unknown ones stop it)', () => {
    const known = Object.keys(envSchema.shape);
    expect(Object.keys(sidecarEnv).filter((name) => !known.includes(name))).toEqual([]);
  });

  it('ships a policy that passes `kalguard-sidecar policy check`', async () => {
    const file = join(scratch, 'policy.json');
    writeFileSync(file, configMap['data']['policy.json']);
    const result = await runCli(['policy', 'check', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('ships empty secrets, which the sidecar refuses to start with', async () => {
    for (const { m } of manifests.filter(({ m }) => m['kind'] === 'Secret')) {
      for (const value of Object.values((m as Obj)['stringData'] as Obj)) expect(value).toBe('');
    }
    const file = join(scratch, 'empty-secret');
    writeFileSync(file, '');
    const result = await runCli(['serve'], { KALGUARD_TOKEN_SECRET: undefined, KALGUARD_TOKEN_SECRET_FILE: file });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/KALGUARD_TOKEN_SECRET is not set/);
  });
});

/** A ConfigMap volume as the kubelet writes it: 0777 root, a timestamped directory, ..data and per-key symlinks. */
function writeConfigMapVolume(dir: string, files: Record<string, string>, generation: number): void {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o777);
  const stamp = `..2026_11_25_12_00_0${generation}.${1000 + generation}`;
  mkdirSync(join(dir, stamp), { mode: 0o755 });
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, stamp, name), text);
    chmodSync(join(dir, stamp, name), 0o444);
    if (generation === 1) symlinkSync(`..data/${name}`, join(dir, name));
  }
  // The swap: a new ..data_tmp symlink renamed over ..data, one atomic step.
  symlinkSync(stamp, join(dir, '..data_tmp'));
  renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

// Needs root: mount namespace, chroot and uid 65532 (CI runs as root).
describe.skipIf(!RUNNING_AS_ROOT)('the pod, simulated on this machine (image rootfs, ConfigMap and emptyDir volumes, uid 65532)', () => {
  it('starts with the manifest\'s settings, answers its probe, and hot-reloads a ConfigMap update', async () => {
    const root = join(scratch, 'rootfs');
    chmodSync(scratch, 0o755);
    assembleRootfs(root);
    // The runtime creates mount points in the image's root; this read-only copy needs them made.
    mkdirSync(join(root, 'etc/kalguard-sidecar/policy'), { recursive: true });
    mkdirSync(join(root, 'run/secrets/kalguard-sidecar'), { recursive: true });
    const policyVolume = join(scratch, 'configmap');
    const policyText = configMap['data']['policy.json'] as string;
    writeConfigMapVolume(policyVolume, { 'policy.json': policyText }, 1);
    // A Secret volume: root-owned files, group fsGroup (65532), mode 0440 (defaultMode).
    const secretVolume = join(scratch, 'secret');
    writeConfigMapVolume(secretVolume, { 'token-secret': TEST_SECRET }, 1);
    chownSync(join(secretVolume, '..data', 'token-secret'), 0, 65532);
    chmodSync(join(secretVolume, '..data', 'token-secret'), 0o440);
    const auditVolume = join(scratch, 'emptydir');
    mkdirSync(auditVolume);
    chmodSync(auditVolume, 0o777);

    const port = String(await freePort());
    const env = { ...sidecarEnv, KALGUARD_PORT: port, PATH: undefined, KALGUARD_TOKEN_SECRET: undefined };
    const pod = (argv: string[]) =>
      runtimeCommand(
        root,
        [
          { source: policyVolume, target: '/etc/kalguard-sidecar/policy', readOnly: true },
          { source: auditVolume, target: '/var/lib/kalguard-sidecar/audit', readOnly: false },
          { source: secretVolume, target: '/run/secrets/kalguard-sidecar', readOnly: true },
        ],
        argv,
      );

    // The kubelet's 0777 emptyDir itself is refused as an audit directory ...
    const refused = await runCli(
      [],
      { ...env, KALGUARD_AUDIT_LOG_PATH: '/var/lib/kalguard-sidecar/audit/audit.jsonl' },
      pod([IMAGE_BINARY, 'serve']),
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/audit directory .* writable by others.*KALGUARD_ALLOW_UNSAFE=writable-audit-dir/s);
    expect(refused.stderr).not.toMatch(/policy directory/);
    expect(env).not.toHaveProperty('KALGUARD_ALLOW_UNSAFE');

    const running = await startSidecar({ command: pod([IMAGE_BINARY, ...(sidecar['args'] as string[])]), env });
    try {
      const probe = await runCli([], env, pod(sidecar['livenessProbe']['exec']['command'] as string[]));
      expect(probe.code).toBe(0);
      const before = (await request(`${running.url}/health`)).body.components.policy.hash as string;

      writeConfigMapVolume(policyVolume, { 'policy.json': policyText.replace('example-agent-1', 'example-agent-2') }, 2);
      await running.waitForLog((l) => l['msg'] === 'policy reloaded', 20_000);
      const after = (await request(`${running.url}/health`)).body.components.policy as { hash: string; healthy: boolean };
      expect(after.healthy).toBe(true);
      expect(after.hash).not.toBe(before);
    } finally {
      expect((await running.stop()).code).toBe(0);
    }
    // ... so the manifest's path is a directory the sidecar creates inside it, private to uid 65532.
    const records = statSync(join(auditVolume, 'records'));
    expect(records.mode & 0o777).toBe(0o700);
    expect(records.uid).toBe(65532);
    expect(readFileSync(join(auditVolume, 'records', 'audit.jsonl'), 'utf8')).toMatch(/"type":"startup"/);
  }, 60_000);
});
