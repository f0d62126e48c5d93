import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NO_DELAY_SHEDDING } from '../helpers/quiet-limits';
import { checkAuditConsistency } from '../helpers/audit-file';
import { request } from '../helpers/http';
import { driveLoad } from '../helpers/load-driver';
import { startSidecar } from '../helpers/sidecar-process';
import { agentToken } from '../helpers/tokens';

/*
 * Hot reload under concurrent load: the policy file is replaced again and again — atomically
 * (write + rename) and in place (truncate + write, so the watcher can see half-written files) —
 * alternating valid versions with invalid ones. No request may fail, every decision must come from
 * exactly one complete valid version (hash, version and rule id agree), and no invalid version
 * may ever be served.
 */

/** Valid version n: its own version string and rule ids, and a tool decision that flips with n. */
function validPolicy(n: number): string {
  return JSON.stringify({
    version: `v${n}`,
    defaultDecision: 'deny',
    rules: [
      { id: `prompt-v${n}`, match: { agentIds: ['agent-*'], actions: ['prompt:check'] }, decision: 'allow', reason: `prompts allowed by v${n}` },
      { id: `tools-v${n}`, match: { agentIds: ['agent-*'], actions: ['tool:execute'], tools: ['*'] }, decision: n % 2 === 0 ? 'allow' : 'deny', reason: `tools by v${n}` },
    ],
    tools: { search_docs: { parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] } }, run_shell: {} },
  });
}

const INVALID: readonly string[] = [
  '{"version":"broken","defaultDecision":"deny","rules":[',
  JSON.stringify({ version: 'unknown-key', defaultDecision: 'deny', rules: [{ id: 'r', match: { tool: ['x'] }, decision: 'allow' }] }),
  JSON.stringify({ version: 'allow-everything-typo', defaultDecision: 'alow', rules: [] }),
  '',
  '\u0000\u0001garbage',
  JSON.stringify({ version: 'dup', defaultDecision: 'deny', rules: [{ id: 'a', match: {}, decision: 'allow' }, { id: 'a', match: {}, decision: 'deny' }] }),
];

const sha = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

describe('policy hot reload under concurrent load (built binary)', () => {
  it('never fails a request, never serves an invalid version, and every decision names one complete valid version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-reload-'));
    const policyPath = join(dir, 'policy.json');
    const auditPath = join(dir, 'audit.jsonl');
    const valid = new Map<string, { version: string; n: number }>();
    const writeValid = (n: number, how: 'rename' | 'in-place') => {
      const text = validPolicy(n);
      valid.set(sha(text), { version: `v${n}`, n });
      if (how === 'rename') {
        writeFileSync(`${policyPath}.tmp`, text, { mode: 0o600 });
        renameSync(`${policyPath}.tmp`, policyPath);
      } else writeFileSync(policyPath, text);
    };
    const invalidHashes = new Set(INVALID.map(sha));
    writeValid(0, 'rename');
    const sidecar = await startSidecar({
      env: { KALGUARD_POLICY_PATH: policyPath, KALGUARD_AUDIT_LOG_PATH: auditPath, KALGUARD_POLICY_WATCH: 'true', KALGUARD_POLICY_WATCH_INTERVAL_MS: '50', ...NO_DELAY_SHEDDING },
    });
    try {
      let writing = true;
      const writer = (async () => {
        for (let i = 1; i <= 30; i++) {
          writeValid(i, i % 3 === 0 ? 'in-place' : 'rename');
          await sleep(120);
          const bad = INVALID[i % INVALID.length]!;
          if (i % 2 === 0) writeFileSync(policyPath, bad);
          else {
            writeFileSync(`${policyPath}.tmp`, bad);
            renameSync(`${policyPath}.tmp`, policyPath);
          }
          if (i % 5 === 0) sidecar.child.kill('SIGHUP'); // a reload by signal while the file is invalid
          await sleep(120);
        }
        writeValid(31, 'rename');
        await sleep(300);
        writing = false;
      })();
      const outcomes = await driveLoad({ url: sidecar.url, token: agentToken('agent-reload'), concurrency: 8, kinds: ['prompt', 'tool'], shouldStop: () => !writing });
      await writer;

      // No request failed, whatever the file looked like at the time.
      expect(outcomes.filter((o) => o.status !== 200).map((o) => `${o.status} ${JSON.stringify(o.body).slice(0, 200)}`)).toEqual([]);
      expect(outcomes.length).toBeGreaterThan(200);
      // Each answer names one valid version, and its hash, version and rule all belong to it.
      for (const o of outcomes) {
        const data = o.body.data;
        const version = valid.get(data.policyHash);
        expect(version, `served hash ${data.policyHash}`).toBeDefined();
        expect(data.policyVersion).toBe(version!.version);
        expect(String(data.ruleId)).toMatch(new RegExp(`-${version!.version}$`));
        if (o.kind === 'tool' && data.toolName === 'search_docs') expect(data.allowed).toBe(version!.n % 2 === 0);
      }

      const { problems, records } = checkAuditConsistency(auditPath);
      expect(problems.filter((p) => !p.includes('does not end with a newline'))).toEqual([]);
      const decisions = records.filter((r) => r['type'] === 'prompt.decision' || r['type'] === 'tool.decision');
      expect(decisions.length).toBe(outcomes.length);
      for (const d of decisions) {
        expect(valid.has(d['policyHash']), `audited hash ${d['policyHash']}`).toBe(true);
        expect(invalidHashes.has(d['policyHash'])).toBe(false);
        expect(d['policyVersion']).toBe(valid.get(d['policyHash'])!.version);
      }
      // The run really alternated: many reloads and many refused versions, several versions served.
      const reloaded = records.filter((r) => r['type'] === 'policy.reloaded');
      const failed = records.filter((r) => r['type'] === 'policy.reload_failed');
      expect(reloaded.length).toBeGreaterThanOrEqual(8);
      expect(failed.length).toBeGreaterThanOrEqual(8);
      for (const r of reloaded) expect(valid.has(r['policyHash'])).toBe(true);
      const served = new Set(outcomes.map((o) => o.body.data.policyVersion));
      expect(served.size).toBeGreaterThanOrEqual(5);

      const health = await request(`${sidecar.url}/health`);
      expect(health.status).toBe(200);
      expect(health.body.components.policy.hash).toBe(sha(validPolicy(31)));
      console.log(
        `reload under load: ${outcomes.length} decisions, all 200; ${reloaded.length} reloads, ${failed.length} refused versions, ${served.size} versions served`,
      );
    } finally {
      await sidecar.stop();
    }
  }, 90_000);
});
