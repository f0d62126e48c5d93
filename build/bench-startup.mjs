// Start-up figures for `npm run bench`: binary size, time from exec to accepting connections
// (single executable vs `node dist/kalguard-sidecar.cjs`), and idle RSS.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { statSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

function tryConnect(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });
}

async function startOnce(command, args, env) {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { env: { ...env, KALGUARD_PORT: String(port) }, stdio: 'ignore' });
  while (!(await tryConnect(port))) {
    if (child.exitCode !== null) throw new Error(`${command} exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 1));
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await new Promise((r) => setTimeout(r, 300));
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
  child.kill('SIGTERM');
  await once(child, 'exit');
  return { ms, rssMb: Math.round(kb / 102.4) / 10 };
}

async function measure(command, args, env, runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await startOnce(command, args, env));
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { startMsMedian: Math.round(ms[Math.floor(runs / 2)]), startMsMin: Math.round(ms[0]), idleRssMb: samples.at(-1).rssMb };
}

export async function benchStartup(root, env, runs = 9) {
  const binary = join(root, 'dist/kalguard-sidecar');
  const bundle = join(root, 'dist/kalguard-sidecar.cjs');
  return {
    binarySizeMb: Math.round(statSync(binary).size / 1e5) / 10,
    bundleSizeKb: Math.round(statSync(bundle).size / 1024),
    binary: await measure(binary, ['serve'], env, runs),
    bundle: await measure(process.execPath, [bundle, 'serve'], env, runs),
  };
}
