import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/sidecar-process';
import { IMAGE_AUDIT_DIR, NONROOT } from './distroless-rootfs';

export const HAS_RUNC = spawnSync('runc', ['--version']).status === 0;

/**
 * An OCI bundle for the assembled image rootfs with what `docker run --read-only --cap-drop ALL
 * --security-opt no-new-privileges --security-opt seccomp=os/seccomp/kalguard-sidecar.json` and the
 * image's USER give runc (the runtime Docker uses): read-only root, uid/gid 65532, every capability
 * set empty, no new privileges, the generated seccomp profile, the audit directory as a writable
 * volume. The host network namespace, so that tests reach it over loopback.
 */
export function writeBundle(dir: string, rootfs: string, auditVolume: string, process: { args: string[]; env: string[] }): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('runc', ['spec', '--bundle', dir]);
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  config.process = {
    ...config.process,
    terminal: false,
    args: process.args,
    env: process.env,
    cwd: '/',
    user: { uid: NONROOT, gid: NONROOT },
    noNewPrivileges: true,
    capabilities: { bounding: [], effective: [], inheritable: [], permitted: [], ambient: [] },
  };
  config.root = { path: rootfs, readonly: true };
  config.mounts.push({ destination: IMAGE_AUDIT_DIR, type: 'bind', source: auditVolume, options: ['rbind', 'rw'] });
  config.linux.namespaces = config.linux.namespaces.filter((n: { type: string }) => n.type !== 'network');
  delete config.linux.resources;
  config.linux.seccomp = JSON.parse(readFileSync(join(PROJECT_ROOT, 'os/seccomp/kalguard-sidecar.json'), 'utf8'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
