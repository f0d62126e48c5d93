import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { request } from '../helpers/http';
import { runCli, startSidecar, TEST_SECRET } from '../helpers/sidecar-process';
import { agentToken, makeToken } from '../helpers/tokens';

// KALGUARD_TOKEN_SECRET_FILE, as systemd's LoadCredential= and a Kubernetes Secret volume provide
// it, through the built binary.
const dir = mkdtempSync(join(tmpdir(), 'kalguard-secret-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function secretFile(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, 0o600);
  return path;
}

describe('KALGUARD_TOKEN_SECRET_FILE', () => {
  it('serves with the secret read from the file (one trailing newline dropped)', async () => {
    const file = secretFile('token-secret', `${TEST_SECRET}\n`);
    const sidecar = await startSidecar({ env: { KALGUARD_TOKEN_SECRET: undefined, KALGUARD_TOKEN_SECRET_FILE: file } });
    try {
      const ok = await request(`${sidecar.url}/v1/tool/check`, { token: agentToken('agent-file'), json: { toolName: 'x', arguments: {} } });
      expect(ok.status).toBe(200);
      const now = Math.floor(Date.now() / 1000);
      const forged = makeToken({ sub: 'agent-file', iss: 'kalguard', iat: now, exp: now + 60, capabilities: ['tool:execute'] }, { secret: `${TEST_SECRET}\n` });
      expect((await request(`${sidecar.url}/v1/tool/check`, { token: forged, json: { toolName: 'x', arguments: {} } })).status).toBe(401);
    } finally {
      await sidecar.stop();
    }
  });

  it('mints tokens with it too', async () => {
    const file = secretFile('mint-secret', TEST_SECRET);
    const result = await runCli(['token', '--agent', 'agent-file'], { KALGUARD_TOKEN_SECRET: undefined, KALGUARD_TOKEN_SECRET_FILE: file });
    expect(result.code).toBe(0);
    // Signed with the file's key: the same header and claims signed independently give the same token.
    const [header, claims] = result.stdout.trim().split('.');
    expect(result.stdout.trim()).toBe(makeToken(JSON.parse(Buffer.from(claims!, 'base64url').toString()), { header: JSON.parse(Buffer.from(header!, 'base64url').toString()) }));
  });

  it.each([
    ['both it and KALGUARD_TOKEN_SECRET are set', () => ({ KALGUARD_TOKEN_SECRET_FILE: secretFile('both', TEST_SECRET) }), /^kalguard-sidecar: Cannot read the token secret: both KALGUARD_TOKEN_SECRET and KALGUARD_TOKEN_SECRET_FILE are set; set only one$/m],
    ['the file does not exist', () => ({ KALGUARD_TOKEN_SECRET: undefined, KALGUARD_TOKEN_SECRET_FILE: join(dir, 'missing') }), /^kalguard-sidecar: Cannot read KALGUARD_TOKEN_SECRET_FILE .*missing: ENOENT$/m],
    ['it names a directory', () => ({ KALGUARD_TOKEN_SECRET: undefined, KALGUARD_TOKEN_SECRET_FILE: dir }), /: EISDIR$/m],
    ['the file is too large to be a key', () => ({ KALGUARD_TOKEN_SECRET: undefined, KALGUARD_TOKEN_SECRET_FILE: secretFile('big', Buffer.alloc(5000, 97)) }), /over 4096 bytes, not a secret$/m],
    ['the file is empty (as an unedited install leaves it)', () => ({ KALGUARD_TOKEN_SECRET: undefined, KALGUARD_TOKEN_SECRET_FILE: secretFile('empty', '') }), /KALGUARD_TOKEN_SECRET is not set/],
  ])('refuses to start when %s: one line, exit 2', async (_why, env, message) => {
    const result = await runCli(['serve'], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
