import { mkdir, stat } from 'node:fs/promises';

const OTHER_WRITE = 0o002;

/**
 * Creates the audit file's directory (one level, mode 0700) when it does not exist, so that an
 * operator can point the audit into a volume that is world-writable by construction (a Kubernetes
 * emptyDir is always 0777) without the `writable-audit-dir` override: the records then live in a
 * directory only the sidecar's user can enter. Returns true when it created the directory.
 *
 * mkdir comes first, so there is no window between looking and creating. When the directory
 * exists, the start-up gate's rule is applied again here: between the gate's look and this one,
 * someone could have created it in a shared parent.
 */
export async function ensureAuditDirectory(dir: string, options: { readonly allowWritableByOthers: boolean }): Promise<boolean> {
  try {
    await mkdir(dir, { mode: 0o700 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const existing = await stat(dir);
  if (!existing.isDirectory()) throw new AuditDirectoryError(`${dir} is not a directory`);
  if ((existing.mode & OTHER_WRITE) !== 0 && !options.allowWritableByOthers) {
    throw new AuditDirectoryError(`${dir} is writable by others (mode ${(existing.mode & 0o7777).toString(8)})`);
  }
  return false;
}

export class AuditDirectoryError extends Error {
  override readonly name = 'AuditDirectoryError';
}
