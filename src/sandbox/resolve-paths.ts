import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { isAbsolute, sep } from 'node:path';
import { KalguardError } from '../errors';

/** True when `path` is `root` or lies inside it (segment-wise: /srv/a is not under /srv/ab). */
export function isUnder(path: string, root: string): boolean {
  if (path === root) return true;
  const prefix = root.endsWith(sep) ? root : `${root}${sep}`;
  return path.startsWith(prefix);
}

/**
 * The working directory as the child will see it: it must be absolute, exist, be a directory, and
 * lie under an allowed root AFTER every symlink is resolved, so that `root/link -> /etc` cannot
 * carry a tool outside. The resolved path is what is bound and used, so a symlink swapped after
 * this check does not move the run either.
 */
export function resolveWorkingDir(cwd: string, roots: readonly string[]): string {
  if (typeof cwd !== 'string' || !isAbsolute(cwd) || cwd.includes('\0')) {
    throw refused(`working directory ${JSON.stringify(cwd)} is not an absolute path`);
  }
  if (roots.length === 0) {
    throw refused('no working-directory roots are configured (set KALGUARD_SANDBOX_ROOTS)');
  }
  let real: string;
  try {
    real = realpathSync(cwd);
  } catch {
    throw refused(`working directory ${cwd} does not exist`);
  }
  if (!statSync(real).isDirectory()) throw refused(`working directory ${cwd} is not a directory`);
  if (!roots.some((root) => isUnder(real, root))) {
    const shown = real === cwd ? cwd : `${cwd} (resolves to ${real})`;
    throw refused(`working directory ${shown} is not under an allowed root (${roots.join(', ')})`);
  }
  return real;
}

/**
 * The executable must be an absolute path to an existing, executable regular file. It is never
 * looked up in PATH: a writable directory early in PATH would let anyone choose what runs.
 * Returns the resolved path (used to check it is visible inside the sandbox); the caller still
 * executes the path as given, so multi-call binaries see the argv[0] they expect.
 */
export function resolveCommand(command: string): string {
  if (typeof command !== 'string' || !isAbsolute(command) || command.includes('\0')) {
    throw refused(`the command ${JSON.stringify(command)} is not an absolute path`);
  }
  let real: string;
  try {
    real = realpathSync(command);
  } catch {
    throw refused(`the command ${command} does not exist`);
  }
  if (!statSync(real).isFile()) throw refused(`the command ${command} is not a regular file`);
  try {
    accessSync(real, constants.X_OK);
  } catch {
    throw refused(`the command ${command} is not executable`);
  }
  return real;
}

/** Realpaths configured roots once; a root that does not exist is a configuration error. */
export function resolveRoots(roots: readonly string[]): string[] {
  return roots.map((root) => {
    try {
      return realpathSync(root);
    } catch {
      throw new KalguardError('ERR_CONFIG_INVALID', `Cannot start: KALGUARD_SANDBOX_ROOTS: ${root} does not exist`);
    }
  });
}

function refused(why: string): KalguardError {
  return new KalguardError('ERR_SANDBOX_REFUSED', `Cannot run the command: ${why}`);
}
