import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { SIDECAR_BUNDLE_OPTIONS } from '../../build/esbuild-options.mjs';
import { BINARY_PATH, BUNDLE_COMMAND, PROJECT_ROOT, runCli, startSidecar } from '../helpers/sidecar-process';
import { agentToken } from '../helpers/tokens';
import { request } from '../helpers/http';

describe('the single executable', () => {
  it('runs alone: copied into an empty directory, with no node on PATH and no node_modules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-alone-'));
    chmodSync(dir, 0o755);
    const binary = join(dir, 'kalguard-sidecar');
    copyFileSync(BINARY_PATH, binary);
    chmodSync(binary, 0o755);
    expect(readdirSync(dir)).toEqual(['kalguard-sidecar']);
    const sidecar = await startSidecar({ command: [binary], cwd: dir, env: { PATH: '/nonexistent' } });
    try {
      const res = await request(`${sidecar.url}/v1/tool/check`, { token: agentToken('agent-1'), json: { toolName: 'x', arguments: {} } });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ allowed: false, code: 'tool.denied_by_policy', ruleId: 'default' });
    } finally {
      expect((await sidecar.stop()).code).toBe(0);
    }
  });

  it('SIGTERM exits 0 with the audit flushed', async () => {
    const audit = join(mkdtempSync(join(tmpdir(), 'kg-term-')), 'audit.jsonl');
    const sidecar = await startSidecar({ env: { KALGUARD_AUDIT_LOG_PATH: audit } });
    const token = agentToken('agent-1');
    const responses = await Promise.all(Array.from({ length: 50 }, () => request(`${sidecar.url}/v1/prompt/check`, { token, json: { messages: [{ role: 'user', content: 'hi' }] } })));
    expect((await sidecar.stop('SIGTERM')).code).toBe(0);
    const lines = readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    for (const r of responses) expect(lines.some((l) => l.requestId === r.body.requestId)).toBe(true);
    expect(lines.at(-1).type).toBe('shutdown');
  });

  it('the npm bundle (node dist/kalguard-sidecar.cjs) behaves the same', async () => {
    const r = await runCli(['--version'], {}, BUNDLE_COMMAND);
    expect(r.code).toBe(0);
    const sidecar = await startSidecar({ command: BUNDLE_COMMAND });
    expect((await request(`${sidecar.url}/health`)).status).toBe(200);
    expect((await sidecar.stop()).code).toBe(0);
  });
});

describe('packaging', () => {
  it('the bundle build is reproducible: two builds give the same bytes', async () => {
    const digest = async () => {
      const result = await build({ ...SIDECAR_BUNDLE_OPTIONS, absWorkingDir: PROJECT_ROOT, write: false, outfile: 'out.cjs', logLevel: 'silent' });
      return createHash('sha256').update(result.outputFiles[0]!.contents).digest('hex');
    };
    const [a, b] = [await digest(), await digest()];
    expect(a).toBe(b);
    expect(createHash('sha256').update(readFileSync(join(PROJECT_ROOT, 'dist/kalguard-sidecar.cjs'))).digest('hex')).toBe(a);
  });

  it('npm pack + global install gives a working kalguard-sidecar command with no runtime dependencies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-pack-'));
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    const [packed] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    expect(packed!.files.map((f) => f.path).sort()).toEqual(['README.md', 'dist/kalguard-sidecar.cjs', 'package.json']);
    const prefix = join(dir, 'prefix');
    execFileSync('npm', ['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, join(dir, packed!.filename)], { encoding: 'utf8' });
    const version = execFileSync(join(prefix, 'bin', 'kalguard-sidecar'), ['--version'], { encoding: 'utf8' });
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+/);
  }, 120_000);
});
