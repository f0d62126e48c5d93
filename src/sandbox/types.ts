import type { ResourceLimits, ResourceLimitSettings } from './resource-limits';

/**
 * How tool commands are confined. Chosen once at start-up (detect-sandbox-mode.ts) and reported
 * by /health and the startup log:
 *  - bwrap: Linux bubblewrap (namespaces, read-only system, private /tmp, no capabilities);
 *  - sandbox-exec: macOS seatbelt with a deny-by-default profile generated per call (NOT verified:
 *    only its generation is tested);
 *  - unconfined-override: no confinement tool, and the operator set KALGUARD_ALLOW_UNSAFE=no-os-sandbox;
 *  - unavailable: no confinement tool and no override: every run is refused (fail closed);
 *  - disabled: KALGUARD_SANDBOX_ROOTS is not set, so no command could run anywhere: nothing is
 *    probed or spawned at all (a sidecar not configured to run tools never starts a process).
 */
export type SandboxMode = 'bwrap' | 'sandbox-exec' | 'unconfined-override' | 'unavailable' | 'disabled';

export interface SandboxModeInfo {
  readonly mode: SandboxMode;
  /** Why this mode (what was found or missing), for the startup log and /health. */
  readonly reason: string;
}

/** One command to run. Every field is explicit: nothing is inherited from the sidecar. */
export interface RunRequest {
  /** Absolute path of the executable. Never looked up in PATH, never given to a shell. */
  readonly command: string;
  /** argv[1..]; each element reaches the program unchanged (no shell, no globbing, no expansion). */
  readonly args: readonly string[];
  /** Working directory: must exist and lie (after resolving symlinks) under an allowed root. */
  readonly cwd: string;
  /**
   * The child's whole environment, already built from an allowlist (see buildChildEnv). PATH is
   * added when absent. KALGUARD_* names are refused.
   */
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Share the host's network (bwrap: no new network namespace). Default: no network at all. */
  readonly network: boolean;
  /** Bytes written to the child's stdin, which is then closed. Absent: stdin is closed at once. */
  readonly stdin?: Uint8Array;
  /** Per-stream cap; absent: the runner's configured cap. */
  readonly maxOutputBytes?: number;
}

/** What one spawned process did (also what the start-up probe sees). */
export interface ProcessOutcome {
  /** The exit code, or null when the process was ended by a signal. */
  readonly exitCode: number | null;
  /** The signal that ended the process we spawned (under bwrap: bwrap itself), or null. */
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutTruncated: boolean;
  readonly stderrTruncated: boolean;
  readonly durationMs: number;
}

/** One result shape for success, failure and timeout. */
export interface RunResult extends ProcessOutcome {
  /** The resource limits the command ran under; null where none apply (sandbox-exec on macOS). */
  readonly limits: ResourceLimits | null;
}

/** Per-run resource limits (see resource-limits.ts for what each one does and does not give). */
export interface SandboxSettings extends ResourceLimitSettings {
  /** Realpath'd allowed working-directory roots. Empty: every run is refused. */
  readonly roots: readonly string[];
  readonly bwrapPath: string;
  readonly maxConcurrent: number;
  readonly defaultTimeoutMs: number;
  readonly maxOutputBytes: number;
}

export interface SandboxRunner {
  readonly mode: SandboxModeInfo;
  /** Throws KalguardError ERR_SANDBOX_* when the run is refused; otherwise one RunResult. */
  run(request: RunRequest): Promise<RunResult>;
  /** Runs in progress (for /health and tests). */
  active(): number;
}
