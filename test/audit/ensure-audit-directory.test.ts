import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditDirectoryError, ensureAuditDirectory } from '../../src/audit';

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'kalguard-auditdir-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

describe('ensureAuditDirectory', () => {
  it('creates a missing directory inside a world-writable parent, mode 0700', async () => {
    chmodSync(scratch, 0o777);
    const dir = join(scratch, 'records');
    expect(await ensureAuditDirectory(dir, { allowWritableByOthers: false })).toBe(true);
    expect(statSync(dir).mode & 0o7777).toBe(0o700);
  });

  it('keeps an existing private directory as it is', async () => {
    const dir = join(scratch, 'records');
    mkdirSync(dir, { mode: 0o750 });
    expect(await ensureAuditDirectory(dir, { allowWritableByOthers: false })).toBe(false);
    expect(statSync(dir).mode & 0o7777).toBe(0o750);
  });

  it('refuses an existing directory writable by others, unless the override is in force', async () => {
    const dir = join(scratch, 'records');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    await expect(ensureAuditDirectory(dir, { allowWritableByOthers: false })).rejects.toThrow(AuditDirectoryError);
    await expect(ensureAuditDirectory(dir, { allowWritableByOthers: true })).resolves.toBe(false);
  });

  it('refuses a file where the directory should be, and a missing parent', async () => {
    writeFileSync(join(scratch, 'records'), '');
    await expect(ensureAuditDirectory(join(scratch, 'records'), { allowWritableByOthers: true })).rejects.toThrow(/not a directory/);
    await expect(ensureAuditDirectory(join(scratch, 'missing', 'records'), { allowWritableByOthers: true })).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
