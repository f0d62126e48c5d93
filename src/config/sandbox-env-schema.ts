import { z } from 'zod';

/*
 * The KALGUARD_SANDBOX_* variables (the tool sandbox runner), spread into envSchema. Kept in their
 * own file so the runner's settings read as one unit; defaults live here and nowhere else.
 */

function integer(description: string, min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d{1,15}$/, `expected a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `expected a whole number from ${min} to ${max}`)
    .describe(description);
}

const absolutePath = /^\/(?:[^\0]*)$/;

/**
 * A colon-separated list (like PATH) of absolute directories. `/` is refused: the working
 * directory is bound read-write into the sandbox, and a root of `/` would make every directory
 * of the host a possible one.
 */
const rootList = z
  .string()
  .transform((raw, ctx) => {
    const roots = raw
      .split(':')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    for (const root of roots) {
      if (!absolutePath.test(root)) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(root)} is not an absolute path` });
      else if (/^\/+$/.test(root)) ctx.addIssue({ code: 'custom', message: '"/" cannot be a working-directory root (the working directory is bound read-write into the sandbox)' });
    }
    return [...new Set(roots.map((r) => (r.length > 1 ? r.replace(/\/+$/, '') : r)))];
  })
  .describe('Colon-separated absolute directories under which tool commands may run (their working directory). Unset: every run is refused.');

export const SANDBOX_ENV_SHAPE = {
  KALGUARD_SANDBOX_ROOTS: rootList.optional(),
  KALGUARD_SANDBOX_BWRAP_PATH: z
    .string()
    .regex(absolutePath, 'expected an absolute path')
    .default('/usr/bin/bwrap')
    .describe('The bubblewrap executable (Linux confinement of tool commands).'),
  KALGUARD_SANDBOX_MAX_CONCURRENT: integer('Tool commands running at once; one more is refused (503 ERR_SANDBOX_BUSY).', 1, 1024).default(4),
  KALGUARD_SANDBOX_TIMEOUT_MS: integer('Timeout of a tool command that does not set its own, ms.', 1, 3_600_000).default(10_000),
  KALGUARD_SANDBOX_MAX_OUTPUT_BYTES: integer('Bytes of stdout and of stderr kept per tool command; the rest is dropped and flagged.', 1, 64 * 1024 * 1024).default(1_048_576),
  // Resource limits (setrlimit, applied to the command and everything it starts; see src/sandbox/resource-limits.ts).
  KALGUARD_SANDBOX_MAX_MEMORY_BYTES: integer('Data memory per process of a tool command (RLIMIT_DATA: heap and private writable mappings); an allocation beyond it fails.', 16 * 1024 * 1024, 2 ** 40).default(1_073_741_824),
  KALGUARD_SANDBOX_MAX_FILE_BYTES: integer('Largest file a tool command may write (RLIMIT_FSIZE); writing past it ends the writer with SIGXFSZ.', 1, 2 ** 40).default(67_108_864),
  KALGUARD_SANDBOX_MAX_OPEN_FILES: integer('Open file descriptors per process of a tool command (RLIMIT_NOFILE).', 8, 1_048_576).default(256),
  KALGUARD_SANDBOX_MAX_PROCESSES: integer('Processes of a tool command (RLIMIT_NPROC); enforced only when the sidecar does not run as root.', 4, 65_536).default(128),
  KALGUARD_SANDBOX_MAX_CPU_SECONDS: integer('CPU seconds per process of a tool command (RLIMIT_CPU), at most the run\'s timeout rounded up to whole seconds.', 1, 3_600).default(300),
} as const;

/** The runner's settings as the rest of the program sees them. */
export interface SandboxConfig {
  /** As configured (not yet realpath'd: the runner resolves them). Empty: every run is refused. */
  readonly roots: readonly string[];
  readonly bwrapPath: string;
  readonly maxConcurrent: number;
  readonly defaultTimeoutMs: number;
  readonly maxOutputBytes: number;
  readonly maxMemoryBytes: number;
  readonly maxFileBytes: number;
  readonly maxOpenFiles: number;
  readonly maxProcesses: number;
  readonly maxCpuSeconds: number;
}

export function toSandboxConfig(e: {
  readonly KALGUARD_SANDBOX_ROOTS?: readonly string[] | undefined;
  readonly KALGUARD_SANDBOX_BWRAP_PATH: string;
  readonly KALGUARD_SANDBOX_MAX_CONCURRENT: number;
  readonly KALGUARD_SANDBOX_TIMEOUT_MS: number;
  readonly KALGUARD_SANDBOX_MAX_OUTPUT_BYTES: number;
  readonly KALGUARD_SANDBOX_MAX_MEMORY_BYTES: number;
  readonly KALGUARD_SANDBOX_MAX_FILE_BYTES: number;
  readonly KALGUARD_SANDBOX_MAX_OPEN_FILES: number;
  readonly KALGUARD_SANDBOX_MAX_PROCESSES: number;
  readonly KALGUARD_SANDBOX_MAX_CPU_SECONDS: number;
}): SandboxConfig {
  return Object.freeze({
    roots: Object.freeze([...(e.KALGUARD_SANDBOX_ROOTS ?? [])]),
    bwrapPath: e.KALGUARD_SANDBOX_BWRAP_PATH,
    maxConcurrent: e.KALGUARD_SANDBOX_MAX_CONCURRENT,
    defaultTimeoutMs: e.KALGUARD_SANDBOX_TIMEOUT_MS,
    maxOutputBytes: e.KALGUARD_SANDBOX_MAX_OUTPUT_BYTES,
    maxMemoryBytes: e.KALGUARD_SANDBOX_MAX_MEMORY_BYTES,
    maxFileBytes: e.KALGUARD_SANDBOX_MAX_FILE_BYTES,
    maxOpenFiles: e.KALGUARD_SANDBOX_MAX_OPEN_FILES,
    maxProcesses: e.KALGUARD_SANDBOX_MAX_PROCESSES,
    maxCpuSeconds: e.KALGUARD_SANDBOX_MAX_CPU_SECONDS,
  });
}
