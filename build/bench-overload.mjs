#!/usr/bin/env node
// Overload: offered load far above capacity (many connections, CPU-heavy prompts). Without
// shedding the sidecar queues and the latency of every request grows with the queue; with
// shedding (503 ERR_OVERLOADED beyond KALGUARD_MAX_CONCURRENT_REQUESTS) the accepted requests keep
// a bounded latency. Prints accepted req/s, shed count and p50/p99 of accepted requests for an
// unloaded run and both overloaded runs. Called by bench.mjs; runnable alone:
// node build/bench-overload.mjs [--duration S] [--connections N] [--limit N]
import autocannon from 'autocannon';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createBenchSetup, mintBenchToken, rssMb, startSidecarProcess } from './bench-soak.mjs';

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
}

async function drive(port, token, { connections, duration, rate }) {
  // ~20 KB of prompt: enough firewall work per request that the sidecar, not the client, saturates.
  const body = JSON.stringify({ messages: [{ role: 'user', content: 'Please summarise my order history and tell me when the next parcel arrives. '.repeat(260) }] });
  const accepted = [];
  let shed = 0;
  let other = 0;
  const instance = autocannon({
    url: `http://127.0.0.1:${port}/v1/prompt/check`,
    method: 'POST',
    connections,
    duration,
    timeout: 30,
    ...(rate === undefined ? {} : { overallRate: rate }),
    body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode === 200) accepted.push(responseTime);
    else if (statusCode === 503) shed += 1;
    else other += 1;
  });
  const result = await instance;
  accepted.sort((a, b) => a - b);
  return {
    connections,
    acceptedRps: Math.round(accepted.length / result.duration),
    accepted: accepted.length,
    shed,
    other,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    acceptedP50Ms: percentile(accepted, 50),
    acceptedP99Ms: percentile(accepted, 99),
    acceptedMaxMs: percentile(accepted, 100),
  };
}

async function run(root, env, options) {
  const setup = createBenchSetup(env);
  const { child, port } = await startSidecarProcess(root, setup.env);
  child.stdout.resume();
  try {
    const token = mintBenchToken(setup.secret);
    await drive(port, token, { connections: 4, duration: 2 }); // warm-up
    const figures = await drive(port, token, options);
    return { ...figures, rssMb: rssMb(child.pid) };
  } finally {
    child.kill('SIGTERM');
    setup.cleanup();
  }
}

export async function benchOverload({ root, duration = 10, connections = 800, limit = 32, factor = 2 }) {
  const unloaded = await run(root, {}, { connections: 4, duration });
  // Open loop: a fixed offered rate above what the unloaded run achieved, so that shed requests do
  // not turn into extra load (a closed-loop client retrying at once would just measure its own storm).
  const rate = Math.round(unloaded.acceptedRps * factor);
  const noShedding = await run(root, { KALGUARD_MAX_CONCURRENT_REQUESTS: '0', KALGUARD_MAX_EVENT_LOOP_DELAY_MS: '0' }, { connections, duration, rate });
  const shedding = await run(root, { KALGUARD_MAX_CONCURRENT_REQUESTS: String(limit) }, { connections, duration, rate });
  const sheddingDelay = await run(root, { KALGUARD_MAX_CONCURRENT_REQUESTS: '0', KALGUARD_MAX_EVENT_LOOP_DELAY_MS: '20' }, { connections, duration, rate });
  return { limit, connections, duration, rate, unloaded, noShedding, shedding, sheddingDelay };
}

export function printOverload(o, log = console.log) {
  log(`\noverload: ~20 KB prompts for ${o.duration} s; unloaded: 4 connections; overloaded: ${o.rate} req/s offered (2x the unloaded rate) over ${o.connections} connections`);
  log('run                          accepted req/s  shed (503)  other  timeouts  p50 ms  p99 ms  max ms  RSS MB');
  const row = (name, r) =>
    log(
      `${name.padEnd(28)} ${String(r.acceptedRps).padStart(14)}  ${String(r.shed).padStart(10)}  ${String(r.other).padStart(5)}  ${String(r.timeouts).padStart(8)}  ${String(r.acceptedP50Ms).padStart(6)}  ${String(r.acceptedP99Ms).padStart(6)}  ${String(r.acceptedMaxMs).padStart(6)}  ${String(r.rssMb).padStart(6)}`,
    );
  row('unloaded', o.unloaded);
  row('overloaded, no shedding', o.noShedding);
  row(`overloaded, limit ${o.limit}`, o.shedding);
  row('overloaded, delay 20 ms', o.sheddingDelay);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  const root = fileURLToPath(new URL('..', import.meta.url));
  printOverload(await benchOverload({ root, duration: option('--duration', 10), connections: option('--connections', 800), limit: option('--limit', 32) }));
}
