import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandboxRunner, detectSandboxMode, type RunRequest, type SandboxModeInfo, type SandboxRunner, type SandboxSettings } from '../../src/sandbox';

/** A fresh allowed root with a working directory inside it, both realpath'd. */
export function makeRoot(): { root: string; work: string } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'kg-sandbox-')));
  const work = join(root, 'work');
  mkdirSync(work);
  return { root, work };
}

/** Runner settings tests may change; the rest are the configured defaults. */
export type RunnerOverrides = Partial<Omit<SandboxSettings, 'roots' | 'defaultTimeoutMs'> & { prlimitPath: string }>;

/** The KALGUARD_SANDBOX_* defaults for the resource limits (kept equal by sandbox-config.test.ts). */
export const DEFAULT_LIMITS = { maxMemoryBytes: 1_073_741_824, maxFileBytes: 67_108_864, maxOpenFiles: 256, maxProcesses: 128, maxCpuSeconds: 300 } as const;

export async function bwrapRunner(roots: readonly string[], overrides: RunnerOverrides = {}): Promise<SandboxRunner> {
  const mode = await detectSandboxMode({ platform: 'linux', bwrapPath: '/usr/bin/bwrap', allowUnconfined: false, rootsConfigured: true });
  if (mode.mode !== 'bwrap') throw new Error(`bubblewrap does not work here: ${mode.reason}`);
  return runnerWith(mode, roots, overrides);
}

export function runnerWith(mode: SandboxModeInfo, roots: readonly string[], overrides: RunnerOverrides = {}): SandboxRunner {
  const { prlimitPath, ...settings } = overrides;
  return createSandboxRunner({
    mode,
    settings: { roots, bwrapPath: '/usr/bin/bwrap', maxConcurrent: 8, defaultTimeoutMs: 10_000, maxOutputBytes: 1_048_576, ...DEFAULT_LIMITS, ...settings },
    ...(prlimitPath === undefined ? {} : { prlimitPath }),
  });
}

export function request(work: string, command: string, args: readonly string[], extra: Partial<RunRequest> = {}): RunRequest {
  return { command, args, cwd: work, env: {}, timeoutMs: 10_000, network: false, ...extra };
}

/** A unique argv marker (a sleep duration nobody else uses) to find our processes in /proc. */
export function uniqueSleepSeconds(): string {
  return `${900 + Math.floor(Math.random() * 99)}.${process.pid}${Math.floor(Math.random() * 1e6)}`;
}

/** Pids of live (non-zombie) processes whose command line contains `marker`. */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.split('\0').includes(marker)) continue;
      const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (state !== 'Z') found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Polls until `check` holds or `limitMs` passes; returns whether it held (no timing is asserted). */
export async function eventually(check: () => boolean, limitMs = 5_000): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}
