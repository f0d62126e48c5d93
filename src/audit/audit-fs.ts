import * as fs from 'node:fs';

/**
 * The file operations the sink needs, on raw descriptors. Injected so tests can count syscalls and
 * fail them on demand; production uses `nodeAuditFs`. `write` may write fewer bytes than asked
 * (the caller loops) and ignores position: the descriptor is O_APPEND.
 */
export interface AuditFs {
  open(path: string, flags: string, mode: number): Promise<number>;
  fstat(fd: number): Promise<{ readonly size: number; isFile(): boolean }>;
  read(fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<number>;
  write(fd: number, buffer: Buffer, offset: number, length: number): Promise<number>;
  /** Makes written data durable (what KALGUARD_AUDIT_FSYNC asks for). */
  fsync(fd: number): Promise<void>;
  close(fd: number): Promise<void>;
}

function settle<T>(resolve: (value: T) => void, reject: (error: unknown) => void) {
  return (error: NodeJS.ErrnoException | null, value: T): void => {
    if (error) reject(error);
    else resolve(value);
  };
}

/**
 * Callback-style `node:fs` on numeric descriptors: with group commit the syscall count is already
 * per batch, and this avoids the FileHandle wrapper's extra bookkeeping on every call.
 */
export const nodeAuditFs: AuditFs = Object.freeze({
  open: (path: string, flags: string, mode: number) =>
    new Promise<number>((resolve, reject) => fs.open(path, flags, mode, settle(resolve, reject))),
  fstat: (fd: number) => new Promise<fs.Stats>((resolve, reject) => fs.fstat(fd, settle(resolve, reject))),
  read: (fd: number, buffer: Buffer, offset: number, length: number, position: number) =>
    new Promise<number>((resolve, reject) => fs.read(fd, buffer, offset, length, position, settle(resolve, reject))),
  write: (fd: number, buffer: Buffer, offset: number, length: number) =>
    new Promise<number>((resolve, reject) => fs.write(fd, buffer, offset, length, null, settle(resolve, reject))),
  // fdatasync, as databases do for their logs: it flushes the data and the size change an append
  // makes, skipping only the mtime update, which would cost a second journal commit per batch.
  fsync: (fd: number) => new Promise<void>((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve()))),
  close: (fd: number) => new Promise<void>((resolve, reject) => fs.close(fd, (error) => (error ? reject(error) : resolve()))),
});
