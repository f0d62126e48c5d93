import { accessSync, constants } from 'node:fs';
import { buildBwrapProbeArgs } from './bwrap-args';
import { runProcess } from './run-process';
import { SANDBOX_EXEC_PATH } from './seatbelt-profile';
import type { SandboxModeInfo } from './types';

export interface DetectSandboxOptions {
  readonly platform: NodeJS.Platform;
  readonly bwrapPath: string;
  /** KALGUARD_ALLOW_UNSAFE names no-os-sandbox. */
  readonly allowUnconfined: boolean;
  /** KALGUARD_SANDBOX_ROOTS names at least one directory; otherwise execution is off. */
  readonly rootsConfigured: boolean;
}

const PROBE_TIMEOUT_MS = 5_000;

/**
 * Decides, once at start-up, how tool commands will be confined. On Linux bwrap is not just looked
 * for but tried: it can be installed and still unable to create namespaces (no unprivileged user
 * namespaces, a seccomp'd container), and a sandbox that fails at the first real call is worse
 * than one reported unavailable up front. Without a working tool, only the operator's explicit
 * no-os-sandbox override allows unconfined runs; otherwise every run is refused.
 */
export async function detectSandboxMode(options: DetectSandboxOptions): Promise<SandboxModeInfo> {
  if (!options.rootsConfigured) return { mode: 'disabled', reason: 'tool execution is off: KALGUARD_SANDBOX_ROOTS is not set' };
  const missing = await findConfinement(options);
  if (missing.mode !== 'unavailable') return missing;
  if (options.allowUnconfined) {
    // Said in the reason because it is the sharpest edge: a command running as the sidecar's user
    // can read /proc/<sidecar pid>/environ, which holds the token secret the sidecar started with.
    return {
      mode: 'unconfined-override',
      reason: `${missing.reason}; tool commands run WITHOUT OS confinement because KALGUARD_ALLOW_UNSAFE includes no-os-sandbox (as the sidecar's user: they can read its files and /proc entries, token secret included)`,
    };
  }
  return { mode: 'unavailable', reason: `${missing.reason}; tool commands are refused (install bubblewrap, or accept the risk with KALGUARD_ALLOW_UNSAFE=no-os-sandbox)` };
}

async function findConfinement(options: DetectSandboxOptions): Promise<SandboxModeInfo> {
  if (options.platform === 'linux') return probeBwrap(options.bwrapPath);
  if (options.platform === 'darwin') {
    return isExecutable(SANDBOX_EXEC_PATH)
      ? { mode: 'sandbox-exec', reason: `${SANDBOX_EXEC_PATH} found (macOS confinement is not verified by this project's tests)` }
      : { mode: 'unavailable', reason: `${SANDBOX_EXEC_PATH} not found` };
  }
  return { mode: 'unavailable', reason: `no confinement tool is supported on ${options.platform}` };
}

async function probeBwrap(bwrapPath: string): Promise<SandboxModeInfo> {
  if (!isExecutable(bwrapPath)) return { mode: 'unavailable', reason: `bubblewrap not found at ${bwrapPath}` };
  try {
    const result = await runProcess({ file: bwrapPath, args: buildBwrapProbeArgs(bwrapPath), env: {}, cwd: '/', stdin: undefined, timeoutMs: PROBE_TIMEOUT_MS, maxOutputBytes: 4096 });
    if (result.exitCode === 0) return { mode: 'bwrap', reason: `bubblewrap at ${bwrapPath} works (${result.stdout.trim() || 'version unknown'})` };
    const why = result.timedOut ? 'the probe timed out' : (result.stderr.trim().split('\n', 1)[0] ?? '') || `exit ${String(result.exitCode ?? result.signal)}`;
    return { mode: 'unavailable', reason: `bubblewrap at ${bwrapPath} cannot create a sandbox here: ${why}` };
  } catch (error) {
    return { mode: 'unavailable', reason: `bubblewrap at ${bwrapPath} could not be started: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
