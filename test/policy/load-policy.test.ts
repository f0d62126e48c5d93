import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KalguardError } from '../../src/errors';
import { loadPolicyFile, readPolicyBytes } from '../../src/policy';
import { useTempDir } from './support/temp-dir';

const GOOD = '{"version":"7","rules":[]}';

async function loadError(path: string, maxBytes?: number): Promise<KalguardError> {
  const error: unknown = await loadPolicyFile(path, { defaultDeny: true, ...(maxBytes === undefined ? {} : { maxBytes }) }).then(
    () => expect.fail(`${path} loaded`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KalguardError);
  return error as KalguardError;
}

describe('loadPolicyFile', () => {
  const tempDir = useTempDir();

  it('hashes the exact bytes (sha256 hex) and names the source', async () => {
    const path = join(tempDir(), 'policy.json');
    writeFileSync(path, GOOD);
    const policy = await loadPolicyFile(path, { defaultDeny: true });
    expect(policy.hash).toBe(createHash('sha256').update(GOOD).digest('hex'));
    expect(policy).toMatchObject({ version: '7', source: path, defaultDecision: 'deny' });
  });

  it('follows symlinks', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'real.json'), GOOD);
    symlinkSync('real.json', join(dir, 'policy.json'));
    expect((await loadPolicyFile(join(dir, 'policy.json'), { defaultDeny: true })).version).toBe('7');
  });

  it.each([
    ['a missing file', (dir: string) => join(dir, 'nope.json'), 'no such file (ENOENT)'],
    ['a directory', (dir: string) => dir, 'not a regular file'],
    ['a dangling symlink', (dir: string) => (symlinkSync('gone.json', join(dir, 'link.json')), join(dir, 'link.json')), 'ENOENT'],
    ['a path through a file', (dir: string) => (writeFileSync(join(dir, 'f'), ''), join(dir, 'f', 'policy.json')), 'ENOTDIR'],
  ])('refuses %s with ERR_POLICY_READ', async (_name, makePath, reason) => {
    const path = makePath(tempDir());
    const error = await loadError(path);
    expect(error.code).toBe('ERR_POLICY_READ');
    expect(error.message.startsWith(`Cannot read policy ${path}: `)).toBe(true);
    expect(error.message).toContain(reason);
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO at once instead of hanging on it', async () => {
    const path = join(tempDir(), 'fifo.json');
    execFileSync('mkfifo', [path]);
    const error = await loadError(path);
    expect(error.code).toBe('ERR_POLICY_READ');
    expect(error.message).toContain('not a regular file');
  });

  it('refuses a file over the size limit without parsing it', async () => {
    const path = join(tempDir(), 'big.json');
    writeFileSync(path, `${GOOD}${' '.repeat(2_000)}`);
    const error = await loadError(path, 1_024);
    expect(error.code).toBe('ERR_POLICY_READ');
    expect(error.message).toContain('larger than the limit of 1024 bytes');
    // At the limit exactly it loads.
    writeFileSync(path, GOOD.padEnd(1_024, ' '));
    expect((await loadPolicyFile(path, { defaultDeny: true, maxBytes: 1_024 })).version).toBe('7');
  });

  it('refuses the default 4 MiB limit plus one byte', async () => {
    const path = join(tempDir(), 'huge.json');
    writeFileSync(path, Buffer.alloc(4 * 1024 * 1024 + 1, 0x20));
    expect((await loadError(path)).code).toBe('ERR_POLICY_READ');
  });

  it('refuses bytes that are not UTF-8 as an invalid policy', async () => {
    const path = join(tempDir(), 'latin1.json');
    writeFileSync(path, Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    const error = await loadError(path);
    expect(error.code).toBe('ERR_POLICY_INVALID');
    expect(error.message).toBe(`Cannot load policy ${path}: not valid UTF-8 text`);
  });

  it('reads files bigger than one read chunk completely', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    const path = join(dir, 'sub', 'padded.json');
    const text = `${GOOD}${'\n'.repeat(200_000)}`;
    writeFileSync(path, text);
    expect(Buffer.from(await readPolicyBytes(path)).toString()).toBe(text);
  });
});
