#!/usr/bin/env node
// `npm run bench`: throughput, latency and memory of the built sidecar against a bare fastify
// route, measured in the same run so that the ratios mean something on a shared, noisy machine.
// Usage: node build/bench.mjs [--json] [--duration SECONDS] [--connections N]
//   [--soak-requests N (default 1000000; 0 skips)] [--overload-seconds S (default 10; 0 skips)]
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchFirewall } from './bench-firewall.mjs';
import { benchOverload, printOverload } from './bench-overload.mjs';
import { benchSoak, createBenchSetup, mintBenchToken, printSoak } from './bench-soak.mjs';
import { benchStartup } from './bench-startup.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const asJson = args.includes('--json');
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const duration = option('--duration', 10);
const connections = option('--connections', 50);
const log = (...m) => {
  if (!asJson) console.log(...m);
};

function startProcess(command, commandArgs, env) {
  const child = spawn(command, commandArgs, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      for (const line of buffered.split('\n')) {
        try {
          const parsed = JSON.parse(line);
          if (parsed.event === 'listening') return resolve({ child, port: parsed.port });
        } catch {
          /* not a complete JSON line yet */
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code} before listening`)));
  });
}

/** CPU time (user + system) the process has used, in microseconds, from /proc. */
function cpuMicros(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  return (ticks * 1e6) / 100; // USER_HZ is 100 on Linux
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

// On a 2-core machine the load generator competes with the server for CPU, so besides req/s the
// bench reports the server's own CPU time per request: the overhead that does not depend on how
// fast the client can go.
async function drive(url, body, headers, pid) {
  const opts = { url, method: 'POST', connections, pipelining: 1, body, headers: { 'content-type': 'application/json', ...headers } };
  await autocannon({ ...opts, duration: 2 }); // warm-up: JIT, caches, connection setup
  const cpuBefore = cpuMicros(pid);
  const result = await autocannon({ ...opts, duration });
  const cpuUsPerRequest = Math.round((10 * (cpuMicros(pid) - cpuBefore)) / result.requests.total) / 10;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, cpuUsPerRequest, requests: result.requests.total };
}

// The same bench policy, secret and environment as the soak (one definition, in bench-soak.mjs).
const setup = createBenchSetup();
const { env } = setup;

const promptBody = JSON.stringify({
  messages: [
    { role: 'system', content: 'You are a support assistant for an online bookshop. Answer politely, cite the order number when there is one, and never promise refunds that the policy below does not allow. Refunds are possible within 30 days of delivery for unread books in their original condition; e-books cannot be refunded once downloaded. Shipping to the EU takes 3 to 5 working days.' },
    { role: 'user', content: 'Hello! I ordered two paperbacks last week (order 48213) and one of them arrived with a torn cover. The other one is fine. Could you tell me whether I can get a replacement for the damaged copy, how long that would take to arrive in Germany, and whether I need to send the damaged book back first? I would also like to know if there is a way to track the replacement once it is shipped. Thanks a lot for your help, I really like your shop and would like to keep ordering from you in the future.' },
  ],
});
const toolBody = JSON.stringify({ toolName: 'get_weather', arguments: { city: 'Berlin', unit: 'c' } });
const auth = { authorization: `Bearer ${mintBenchToken(setup.secret)}` };

const targets = {};
let jsonResult;
const bare = await startProcess(process.execPath, [join(root, 'build/bench-bare-server.mjs')], { PATH: process.env.PATH });
const sidecar = await startProcess(process.execPath, [join(root, 'dist/kalguard-sidecar.cjs')], env);
try {
  log(`driving each target for ${duration}s with ${connections} connections (after a 2 s warm-up)`);
  targets.bare = { ...(await drive(`http://127.0.0.1:${bare.port}/bare`, promptBody, {}, bare.child.pid)), rssMb: rssMb(bare.child.pid) };
  const rssBefore = rssMb(sidecar.child.pid);
  targets.prompt = { ...(await drive(`http://127.0.0.1:${sidecar.port}/v1/prompt/check`, promptBody, auth, sidecar.child.pid)), rssMb: rssMb(sidecar.child.pid) };
  targets.tool = { ...(await drive(`http://127.0.0.1:${sidecar.port}/v1/tool/check`, toolBody, auth, sidecar.child.pid)), rssMb: rssMb(sidecar.child.pid) };
  const result = {
    targets,
    ratios: { prompt: round(targets.prompt.rps / targets.bare.rps), tool: round(targets.tool.rps / targets.bare.rps) },
    cpuRatios: { prompt: round(targets.bare.cpuUsPerRequest / targets.prompt.cpuUsPerRequest), tool: round(targets.bare.cpuUsPerRequest / targets.tool.cpuUsPerRequest) },
    sidecarRssMb: { beforeLoad: rssBefore, afterLoad: rssMb(sidecar.child.pid) },
    auditBytes: readFileSync(env.KALGUARD_AUDIT_LOG_PATH).length,
    firewall: benchFirewall(),
    startup: await benchStartup(root, env),
  };
  if (asJson) jsonResult = result;
  else {
    console.log('\ntarget   req/s    p50 ms  p99 ms  RSS MB  CPU us/req  throughput vs bare  CPU efficiency vs bare');
    for (const [name, t] of Object.entries(targets)) {
      const ratio = name === 'bare' ? '1.00' : result.ratios[name].toFixed(2);
      const cpu = name === 'bare' ? '1.00' : result.cpuRatios[name].toFixed(2);
      console.log(`${name.padEnd(8)} ${String(t.rps).padStart(7)}  ${String(t.p50Ms).padStart(6)}  ${String(t.p99Ms).padStart(6)}  ${String(t.rssMb).padStart(6)}  ${String(t.cpuUsPerRequest).padStart(10)}  ${ratio.padStart(18)}  ${cpu.padStart(22)}`);
    }
    const fw = result.firewall;
    console.log(`\nfirewall (one core): ${fw.mbPerSec} MB/s of prompt text; 1 KB prompt p50 ${fw.oneKbMicros.p50} us, p99 ${fw.oneKbMicros.p99} us`);
    const st = result.startup;
    console.log(`single executable: ${st.binarySizeMb} MB (bundle ${st.bundleSizeKb} KB)`);
    console.log(`exec to accepting connections (median of 9): binary ${st.binary.startMsMedian} ms, node bundle ${st.bundle.startMsMedian} ms; idle RSS binary ${st.binary.idleRssMb} MB, bundle ${st.bundle.idleRssMb} MB`);
    console.log(`sidecar RSS before load ${result.sidecarRssMb.beforeLoad} MB, after ${result.sidecarRssMb.afterLoad} MB; audit file ${result.auditBytes} bytes`);
  }
} finally {
  bare.child.kill('SIGTERM');
  sidecar.child.kill('SIGTERM');
  setup.cleanup();
}

// Soak and overload (issue #7) start their own sidecars once the ones above have stopped: each
// needs the whole machine.
const soakRequests = option('--soak-requests', 1_000_000);
const overloadSeconds = option('--overload-seconds', 10);
if (!asJson) log(soakRequests > 0 ? `\nsoak: ${soakRequests} mixed requests, audit file on` : '');
const soak = soakRequests > 0 ? await benchSoak({ root, requests: soakRequests, log }) : undefined;
const overload = overloadSeconds > 0 ? await benchOverload({ root, duration: overloadSeconds }) : undefined;
if (asJson) console.log(JSON.stringify({ ...jsonResult, soak, overload }));
else {
  if (soak !== undefined) printSoak(soak);
  if (overload !== undefined) printOverload(overload);
}

function round(x) {
  return Math.round(x * 100) / 100;
}
