import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUNDLE_PATH = `${PROJECT_ROOT}dist/kalguard-sidecar.cjs`;
/** The appliance: the Node single executable. End-to-end tests run against it by default. */
export const BINARY_PATH = `${PROJECT_ROOT}dist/kalguard-sidecar`;
export const BINARY_COMMAND: readonly string[] = [BINARY_PATH];
export const BUNDLE_COMMAND: readonly string[] = [process.execPath, BUNDLE_PATH];
/** The unprivileged uid/gid tests use to run the sidecar as a non-root user. */
export const NOBODY = 65534;
export const TEST_SECRET = 'c4d9e1f7a2b83c6d5e0f9a1b7c2d8e3f4a6b0c5d9e2f7a1b3c8d4e6f0a2b5c9d';
export const RUNNING_AS_ROOT = process.getuid?.() === 0;

/**
 * Overrides for a test run. CI runs as root, which the sidecar refuses without the `root`
 * override; tests that are not about that check add it explicitly here (and test/e2e/safety-gate
 * tests both sides of it).
 */
export function unsafe(...names: string[]): string {
  return [...names, ...(RUNNING_AS_ROOT ? ['root'] : [])].join(',');
}

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
  /** Defaults to the single executable, dist/kalguard-sidecar. */
  readonly command?: readonly string[];
  readonly startTimeoutMs?: number;
  /** Run as this uid/gid (needs root). */
  readonly uid?: number;
  readonly cwd?: string;
}

/** A minimal environment: the sidecar must not depend on anything the test runner happens to have. */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    KALGUARD_HOST: '127.0.0.1',
    KALGUARD_PORT: '0',
    KALGUARD_TOKEN_SECRET: TEST_SECRET,
    KALGUARD_LOG_LEVEL: 'info',
    KALGUARD_ALLOW_UNSAFE: unsafe(),
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Spawns the built sidecar and resolves once it logs that it is listening. */
export async function startSidecar(options: SidecarOptions = {}): Promise<RunningSidecar> {
  const [cmd, ...cmdArgs] = options.command ?? BINARY_COMMAND;
  const child = spawn(cmd as string, [...cmdArgs, ...(options.args ?? [])], {
    env: baseEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
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
  command: readonly string[] = BINARY_COMMAND,
  spawnOptions: { uid?: number; cwd?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [cmd, ...cmdArgs] = command;
  const child = spawn(cmd as string, [...cmdArgs, ...args], {
    env: baseEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(spawnOptions.uid === undefined ? {} : { uid: spawnOptions.uid, gid: spawnOptions.uid }),
    ...(spawnOptions.cwd === undefined ? {} : { cwd: spawnOptions.cwd }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}
