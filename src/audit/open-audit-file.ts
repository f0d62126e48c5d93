import { dirname } from 'node:path';
import type { AuditFs } from './audit-fs';
import { analyzeTail, EMPTY_RECOVERY, planRecovery, type AuditRecovery } from './tail-recovery';

/**
 * Records are usually well under a KiB; with raw content opted in, one can approach the body limit
 * (at most 64 MiB). The scan widens ×4 from 64 KiB up to that; past it (or in a file of pure
 * garbage) the sequence continues after the largest `"seq":N` seen, so it never goes backwards
 * over what was read.
 */
const INITIAL_TAIL_BYTES = 64 * 1024;
const MAX_TAIL_BYTES = 64 * 1024 * 1024;

export interface OpenedAuditFile {
  readonly fd: number;
  readonly recovery: AuditRecovery;
}

async function readAt(fs: AuditFs, fd: number, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const n = await fs.read(fd, buffer, filled, length - filled, position + filled);
    if (n === 0) break; // the file shrank under us (truncated): judge what we have
    filled += n;
  }
  return buffer.subarray(0, filled);
}

async function inspectTail(fs: AuditFs, fd: number, size: number): Promise<AuditRecovery> {
  let windowBytes = Math.min(size, INITIAL_TAIL_BYTES);
  for (;;) {
    const window = await readAt(fs, fd, size - windowBytes, windowBytes);
    const startsAtFileStart = windowBytes === size;
    const analysis = analyzeTail(window, startsAtFileStart);
    if (analysis.lastGoodSeq !== undefined || startsAtFileStart || windowBytes >= MAX_TAIL_BYTES) {
      return planRecovery(analysis, window.length);
    }
    windowBytes = Math.min(size, windowBytes * 4, MAX_TAIL_BYTES);
  }
}

/**
 * With fsync on, a record is durable only if the file's directory entry is too: a file created
 * after rotation could otherwise vanish in a crash together with its fsynced records. Best effort:
 * some filesystems refuse to sync a directory, and the records themselves are still synced.
 */
async function syncDirectoryOf(fs: AuditFs, path: string): Promise<void> {
  let dirFd: number | undefined;
  try {
    dirFd = await fs.open(dirname(path), 'r', 0);
    await fs.fsync(dirFd);
  } catch {
    // see above: not a reason to refuse decisions
  } finally {
    if (dirFd !== undefined) await fs.close(dirFd).catch(() => undefined);
  }
}

/**
 * Opens (creating, mode 0600: decisions and hashes are nobody else's business) the audit file for
 * appending and judges its tail. 'a+' is O_APPEND like 'a' — every write lands at the end, whatever
 * else has the file open — and also readable, so the tail is read through the very descriptor we
 * append to: no window in which the path could be swapped between reading and writing. An existing
 * file's looser mode is left alone; the config layer decides whether a directory is acceptable.
 */
export async function openAuditFile(fs: AuditFs, path: string, options: { syncDirectory: boolean }): Promise<OpenedAuditFile> {
  const fd = await fs.open(path, 'a+', 0o600);
  try {
    const stat = await fs.fstat(fd);
    // A device (/dev/full, /dev/stdout) or a FIFO has no history to continue.
    if (!stat.isFile()) return { fd, recovery: EMPTY_RECOVERY };
    if (stat.size > 0) return { fd, recovery: await inspectTail(fs, fd, stat.size) };
    if (options.syncDirectory) await syncDirectoryOf(fs, path);
    return { fd, recovery: EMPTY_RECOVERY };
  } catch (error) {
    await fs.close(fd).catch(() => undefined);
    throw error;
  }
}
