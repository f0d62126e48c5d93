#!/usr/bin/env node
// `npm run eval -- [--json] [FILE.jsonl]`: measures the firewall on a labelled corpus, each row
// scored as a one-message prompt in its role, at the default block and sanitize thresholds.
//
// Honest measurement: rows are split by a hash of their id into a `dev` half (the only rows a
// developer may look at, via --show) and a `test` half that nobody inspects; four sources are held
// out whole. `--by-source` prints both halves per source: the test half and the held-out sources
// are the estimate of how the rules do on prompts from people they were not written against.
//
// Options: --json  --block N  --sanitize N  --split dev|test|all  --by-source
//          --show misses|fp  --kind KIND  --source SUBSTRING  --limit N   (--show lists dev rows only)
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const { evaluatePrompt } = require(`${root}dist/firewall.cjs`);

export const HELD_OUT_SOURCES = ['Giskard-AI/prompt-injections', 'utkusen/promptmap', 'lm-sys/FastChat', 'openai/grade-school-math'];

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const valueFlags = new Set(['--block', '--sanitize', '--split', '--show', '--kind', '--source', '--limit']);
const file = args.find((a, i) => !a.startsWith('--') && !valueFlags.has(args[i - 1])) ?? `${root}../shared/corpus/dev.jsonl`;
const thresholds = { block: Number(value('--block', 70)), sanitize: Number(value('--sanitize', 50)) };
const split = value('--split', 'all');

const sourceOf = (row) => (row.source ?? row.id ?? 'unknown').split(':')[0];
const heldOut = (row) => HELD_OUT_SOURCES.includes(sourceOf(row));
const splitOf = (row) => {
  if (heldOut(row)) return 'held-out';
  const digest = createHash('sha256').update(String(row.id ?? row.text)).digest();
  return digest[0] % 2 === 0 ? 'dev' : 'test';
};

const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l))
  .filter((row) => split === 'all' || splitOf(row) === split);

const results = [];
const micros = [];
for (const row of rows) {
  const messages = [{ role: row.role ?? 'user', texts: [row.text] }];
  const started = process.hrtime.bigint();
  const verdict = evaluatePrompt(messages, thresholds);
  micros.push(Number(process.hrtime.bigint() - started) / 1000);
  results.push({ row, score: verdict.riskScore, top: verdict.topFindingId, ids: [...new Set(verdict.findings.map((f) => f.id))] });
}

function rates(subset, threshold) {
  let tp = 0, fn = 0, fp = 0, tn = 0;
  for (const r of subset) {
    const flagged = r.score >= threshold;
    if (r.row.label === 'injection') flagged ? tp++ : fn++;
    else flagged ? fp++ : tn++;
  }
  const recall = tp + fn === 0 ? null : tp / (tp + fn);
  const fpr = fp + tn === 0 ? null : fp / (fp + tn);
  const precision = tp + fp === 0 ? null : tp / (tp + fp);
  const f1 = recall === null || precision === null || recall + precision === 0 ? null : (2 * recall * precision) / (recall + precision);
  return { recall, fpr, precision, f1, tp, fn, fp, tn };
}

const kinds = [...new Set(results.map((r) => r.row.kind))].sort();
const byKind = {};
for (const kind of kinds) {
  const subset = results.filter((r) => r.row.kind === kind);
  byKind[kind] = { n: subset.length, flaggedAtBlock: subset.filter((r) => r.score >= thresholds.block).length, flaggedAtSanitize: subset.filter((r) => r.score >= thresholds.sanitize).length };
}
const sorted = [...micros].sort((a, b) => a - b);
const summary = {
  block: pick(rates(results, thresholds.block)),
  sanitize: pick(rates(results, thresholds.sanitize)),
  byKind,
  microsPerMessage: { mean: round(micros.reduce((a, b) => a + b, 0) / Math.max(micros.length, 1)), p99: round(sorted[Math.floor(sorted.length * 0.99)] ?? 0) },
};

function pick(r) {
  return { recall: round(r.recall), fpr: round(r.fpr), precision: round(r.precision), f1: round(r.f1) };
}
function round(x) {
  return x === null ? null : Math.round(x * 10000) / 10000;
}
const pct = (x) => (x === null ? '   -  ' : `${(100 * x).toFixed(1).padStart(5)}%`);

if (flag('--json')) {
  console.log(JSON.stringify(summary));
} else {
  console.log(`${file}: ${results.length} rows (split: ${split}), thresholds block ${thresholds.block} / sanitize ${thresholds.sanitize}\n`);
  for (const [name, threshold] of [['block', thresholds.block], ['sanitize', thresholds.sanitize]]) {
    const r = rates(results, threshold);
    console.log(`at ${name.padEnd(8)} (>= ${threshold}): recall ${pct(r.recall)}  fpr ${pct(r.fpr)}  precision ${pct(r.precision)}  f1 ${pct(r.f1)}`);
  }
  console.log('\nkind          n     flagged@block  flagged@sanitize');
  for (const kind of kinds) {
    const k = byKind[kind];
    console.log(`${kind.padEnd(12)} ${String(k.n).padStart(5)}  ${pct(k.flaggedAtBlock / k.n).padStart(13)}  ${pct(k.flaggedAtSanitize / k.n).padStart(16)}`);
  }
  console.log(`\nmicroseconds per message: mean ${summary.microsPerMessage.mean}, p99 ${summary.microsPerMessage.p99}`);
  if (flag('--by-source')) {
    console.log('\nflagged at block, per source and split (injection rows: recall; benign rows: false-positive rate)');
    console.log('source                                          label      dev            test/held-out');
    const sources = [...new Set(results.map((r) => `${sourceOf(r.row)}|${r.row.label}`))].sort();
    for (const key of sources) {
      const [source, label] = key.split('|');
      const cell = (name) => {
        const subset = results.filter((r) => sourceOf(r.row) === source && r.row.label === label && (name === 'dev' ? splitOf(r.row) === 'dev' : splitOf(r.row) !== 'dev'));
        if (subset.length === 0) return '-'.padEnd(14);
        return `${pct(subset.filter((r) => r.score >= thresholds.block).length / subset.length)} of ${String(subset.length).padEnd(4)}`;
      };
      console.log(`${source.padEnd(47)} ${label.padEnd(10)} ${cell('dev')} ${cell('test')}`);
    }
  }
  const show = value('--show', undefined);
  if (show !== undefined) {
    const kind = value('--kind', undefined);
    const source = value('--source', undefined);
    const limit = Number(value('--limit', 20));
    const wanted = results.filter(
      (r) =>
        splitOf(r.row) === 'dev' &&
        (kind === undefined || r.row.kind === kind) &&
        (source === undefined || sourceOf(r.row).includes(source)) &&
        (show === 'misses' ? r.row.label === 'injection' && r.score < thresholds.block : r.row.label === 'benign' && r.score >= thresholds.block),
    );
    console.log(`\n${show} in the dev split: ${wanted.length} (showing ${Math.min(limit, wanted.length)})`);
    for (const r of wanted.slice(0, limit)) {
      console.log(`--- ${r.row.id} [${r.row.kind}/${r.row.role}] score ${r.score} ${r.ids.join(',')}\n${r.row.text.slice(0, 600)}`);
    }
  }
}
