import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BINARY_PATH } from '../helpers/sidecar-process';

/** Debian packages gcr.io/distroless/cc-debian12 installs that carry shared libraries. */
export const DISTROLESS_CC_LIBRARY_PACKAGES = ['libc6', 'libgcc-s1', 'libgomp1', 'libstdc++6', 'libssl3'];
export const NONROOT = 65532;
export const IMAGE_BINARY = '/usr/local/bin/kalguard-sidecar';
export const IMAGE_AUDIT_DIR = '/var/lib/kalguard-sidecar/audit';

export interface SharedLibrary {
  /** Where the binary asks for it (ldd), e.g. /lib/x86_64-linux-gnu/libc.so.6. */
  readonly path: string;
  /** Where its Debian package installs it, as in the image. */
  readonly installedAt: string;
  readonly package: string;
}

/** The binary's shared libraries (ldd) and the Debian package each comes from (dpkg -S). */
export function sharedLibraries(binary = BINARY_PATH): SharedLibrary[] {
  const ldd = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const paths = [...ldd.matchAll(/(\/\S+) \(0x/g)].map((m) => m[1]!);
  return paths.map((path) => {
    const owner = dpkgOwner(path) ?? dpkgOwner(realpathSync(path));
    if (owner === undefined) throw new Error(`no Debian package owns ${path}`);
    return { path, ...owner };
  });
}

function dpkgOwner(path: string): { installedAt: string; package: string } | undefined {
  try {
    const line = execFileSync('dpkg-query', ['-S', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')[0]!;
    const match = /^([^:]+)(?::[a-z0-9]+)?: (\/.+)$/.exec(line);
    return match ? { package: match[1]!, installedAt: path } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Lays out the final image's root filesystem as the Dockerfile and distroless build it: the binary,
 * the libraries at the paths their packages use (no ld.so.cache, no shell, no other program), an
 * /etc/passwd with nonroot 65532, /tmp, and the audit directory owned by 65532.
 */
export function assembleRootfs(root: string): { libraries: SharedLibrary[] } {
  const libraries = sharedLibraries();
  for (const dir of ['etc', 'tmp', 'proc', 'dev', 'usr/local/bin', IMAGE_AUDIT_DIR.slice(1)]) mkdirSync(join(root, dir), { recursive: true, mode: 0o755 });
  chmodSync(root, 0o755);
  copyFileSync(BINARY_PATH, join(root, IMAGE_BINARY));
  chmodSync(join(root, IMAGE_BINARY), 0o555);
  for (const lib of libraries) {
    // The path the loader asks for: the package's own path, or (for a usr-merged name) that path's twin.
    for (const target of new Set([lib.installedAt, lib.path])) {
      mkdirSync(join(root, dirname(target)), { recursive: true, mode: 0o755 });
      copyFileSync(realpathSync(lib.path), join(root, target));
    }
  }
  writeFileSync(
    join(root, 'etc/passwd'),
    'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n',
  );
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n');
  chmodSync(join(root, 'tmp'), 0o1777);
  const audit = join(root, IMAGE_AUDIT_DIR);
  chownSync(audit, NONROOT, NONROOT);
  chmodSync(audit, 0o700);
  return { libraries };
}

/**
 * The container as `docker run --read-only --cap-drop ALL --security-opt no-new-privileges
 * --user 65532` would start it: real uid/gid 65532 on the host, no capabilities in any set, no
 * new privileges; bubblewrap (run unprivileged, in a user namespace mapping 65532 to itself) only
 * builds the mounts: the rootfs read-only at /, a writable audit directory, /proc, a minimal /dev.
 * The network namespace is the host's, so tests reach it over loopback.
 */
export function containerCommand(root: string, argv: readonly string[]): string[] {
  return [
    '/usr/bin/setpriv', `--reuid=${NONROOT}`, `--regid=${NONROOT}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--',
    '/usr/bin/bwrap', '--unshare-all', '--share-net', '--die-with-parent', '--new-session',
    '--ro-bind', root, '/',
    '--bind', join(root, IMAGE_AUDIT_DIR), IMAGE_AUDIT_DIR,
    '--proc', '/proc', '--dev', '/dev',
    '--', ...argv,
  ];
}

export interface VolumeMount {
  readonly source: string;
  /** Inside the container; the mount point must exist in the rootfs. */
  readonly target: string;
  readonly readOnly: boolean;
}

/**
 * The container as a runtime without user namespaces starts it (runc under Kubernetes or Docker):
 * a private mount namespace holding the rootfs read-only with the volumes bound into it, then
 * chroot, then uid/gid 65532 with no effective or permitted capabilities and no new privileges
 * (the bounding set stays: Kubernetes' drop ALL also empties it). Files keep their real
 * owners (a ConfigMap's root-owned files stay root-owned, unlike under bubblewrap's user
 * namespace). Host tools set it up; nothing from the host is visible inside.
 */
export function runtimeCommand(root: string, volumes: readonly VolumeMount[], argv: readonly string[]): string[] {
  const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const steps = [
    'set -e',
    `mount --bind ${q(root)} ${q(root)}`,
    ...volumes.flatMap((v) => [
      `mount --bind ${q(v.source)} ${q(join(root, v.target))}`,
      ...(v.readOnly ? [`mount -o remount,bind,ro ${q(join(root, v.target))}`] : []),
    ]),
    `mount -t proc proc ${q(join(root, 'proc'))}`,
    `mount -o remount,bind,ro ${q(root)}`,
    // chroot needs CAP_SYS_CHROOT, so the bounding set cannot be emptied before it; changing to
    // uid 65532 then clears every capability the process holds (CapEff = CapPrm = 0).
    `exec /usr/bin/setpriv --inh-caps=-all --no-new-privs -- /usr/sbin/chroot --userspec=${NONROOT}:${NONROOT} --groups=${NONROOT} ${q(root)} ${argv.map(q).join(' ')}`,
  ];
  return ['/usr/bin/unshare', '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', steps.join('\n')];
}
