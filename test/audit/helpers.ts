import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { nodeAuditFs, type AuditFs, type AuditRecord } from '../../src/audit';

export const FIXED_NOW = (): Date => new Date('2025-01-02T03:04:05.678Z');

/** A fresh temp directory per call, removed after the test. */
export function useTempDir(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'kalguard-audit-'));
    dirs.push(dir);
    return dir;
  };
}

export function readLines(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export function readRecords(path: string): AuditRecord[] {
  return readLines(path).map((line) => JSON.parse(line) as AuditRecord);
}

export function errno(code: string, message = `${code}: simulated`): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/** Knobs on the injected fs: counts every call and fails or slows writes on demand. */
export interface FsControl {
  /** `fsync` counts syncs of the audit file; `directorySync` of descriptors opened read-only. */
  readonly calls: { open: number; write: number; fsync: number; directorySync: number; close: number };
  /** Every write fails with this while set. */
  writeError: NodeJS.ErrnoException | undefined;
  fsyncError: NodeJS.ErrnoException | undefined;
  /** Short writes: at most this many bytes per call. */
  maxWriteBytes: number | undefined;
  /** One shot: the next write puts half its bytes on disk, the write after it fails. */
  tearNextWrite: boolean;
  /** Writes wait for this before touching the disk. */
  gate: Promise<void> | undefined;
}

export function createTestFs(base: AuditFs = nodeAuditFs): { fs: AuditFs; control: FsControl } {
  const control: FsControl = {
    calls: { open: 0, write: 0, fsync: 0, directorySync: 0, close: 0 },
    writeError: undefined,
    fsyncError: undefined,
    maxWriteBytes: undefined,
    tearNextWrite: false,
    gate: undefined,
  };
  let failNextWrite = false;
  const readOnly = new Set<number>();
  const fs: AuditFs = {
    open: async (path, flags, mode) => {
      control.calls.open += 1;
      const fd = await base.open(path, flags, mode);
      if (flags === 'r') readOnly.add(fd);
      return fd;
    },
    fstat: (fd) => base.fstat(fd),
    read: (fd, buffer, offset, length, position) => base.read(fd, buffer, offset, length, position),
    write: async (fd, buffer, offset, length) => {
      control.calls.write += 1;
      if (control.gate !== undefined) await control.gate;
      if (control.writeError !== undefined) throw control.writeError;
      if (failNextWrite) {
        failNextWrite = false;
        throw errno('EIO');
      }
      if (control.tearNextWrite) {
        control.tearNextWrite = false;
        failNextWrite = true;
        return base.write(fd, buffer, offset, Math.max(1, Math.floor(length / 2)));
      }
      return base.write(fd, buffer, offset, Math.min(length, control.maxWriteBytes ?? length));
    },
    fsync: async (fd) => {
      if (readOnly.has(fd)) {
        control.calls.directorySync += 1;
        return base.fsync(fd);
      }
      control.calls.fsync += 1;
      if (control.fsyncError !== undefined) throw control.fsyncError;
      return base.fsync(fd);
    },
    close: (fd) => {
      control.calls.close += 1;
      readOnly.delete(fd);
      return base.close(fd);
    },
  };
  return { fs, control };
}

/** A promise plus the function that settles it: a gate the test opens when it chooses. */
export function createGate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Lets pending I/O callbacks and microtasks run. */
export async function settleIo(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
}
