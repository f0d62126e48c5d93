import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUNDLE_PATH = `${PROJECT_ROOT}dist/kalguard-sidecar.cjs`;
export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

export interface RunningSidecar {
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** Every stdout line parsed as JSON (non-JSON lines are kept as {raw}). */
  readonly logs: Record<string, unknown>[];
  readonly stderr: () => string;
  /** Sends the signal and resolves with the exit code (or signal name). */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLog(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

export interface SidecarOptions {
  readonly env?: Record<string, string | undefined>;
  readonly args?: readonly string[];
  /** Defaults to `node dist/kalguard-sidecar.cjs`. */
  readonly command?: readonly string[];
  readonly startTimeoutMs?: number;
}

/** A minimal environment: the sidecar must not depend on anything the test runner happens to have. */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    KALGUARD_HOST: '127.0.0.1',
    KALGUARD_PORT: '0',
    KALGUARD_TOKEN_SECRET: TEST_SECRET,
    KALGUARD_LOG_LEVEL: 'info',
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Spawns the built sidecar and resolves once it logs that it is listening. */
export async function startSidecar(options: SidecarOptions = {}): Promise<RunningSidecar> {
  const [cmd, ...cmdArgs] = options.command ?? [process.execPath, BUNDLE_PATH];
  const child = spawn(cmd as string, [...cmdArgs, ...(options.args ?? [])], {
    env: baseEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters: { predicate: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let stderr = '';
  let buffered = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        parsed = { raw: line };
      }
      logs.push(parsed);
      for (const w of [...waiters]) {
        if (w.predicate(parsed)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(parsed);
        }
      }
    }
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

  const waitForLog = (predicate: (l: Record<string, unknown>) => boolean, timeoutMs = 10_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const found = logs.find(predicate);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`log line not seen in ${timeoutMs} ms; stderr: ${stderr}; logs: ${JSON.stringify(logs.slice(-5))}`)), timeoutMs);
      waiters.push({ predicate, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });

  const listening = waitForLog((l) => l['event'] === 'listening', options.startTimeoutMs ?? 15_000);
  const early = exited.then(([code]) => {
    throw new Error(`sidecar exited early with code ${code}: ${stderr}`);
  });
  const line = await Promise.race([listening, early]);
  early.catch(() => undefined);
  const port = Number(line['port']);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    logs,
    stderr: () => stderr,
    waitForLog,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const [code, sig] = await exited;
      return { code, signal: sig };
    },
  };
}

/** Runs the CLI to completion and captures its output. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  command: readonly string[] = [process.execPath, BUNDLE_PATH],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [cmd, ...cmdArgs] = command;
  const child = spawn(cmd as string, [...cmdArgs, ...args], { env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}
