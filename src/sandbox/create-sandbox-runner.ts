import { accessSync, constants, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { KalguardError } from '../errors';
import { buildBwrapArgs, SYSTEM_DIRS, type BwrapHostFacts } from './bwrap-args';
import { finalizeChildEnv } from './build-child-env';
import { isUnder, resolveCommand, resolveWorkingDir } from './resolve-paths';
import { buildPrlimitArgs, limitsForRun, PRLIMIT_PATH, type ResourceLimits } from './resource-limits';
import { runProcess, type ProcessSpec } from './run-process';
import { buildSeccompFilter, SYSCALL_TABLES } from './seccomp-filter';
import { buildSandboxExecArgs, SANDBOX_EXEC_PATH } from './seatbelt-profile';
import type { RunRequest, RunResult, SandboxModeInfo, SandboxRunner, SandboxSettings } from './types';

/** The longest timeout any caller (CLI, policy) may ask for. */
export const MAX_TIMEOUT_MS = 3_600_000;

export interface SandboxRunnerDeps {
  readonly mode: SandboxModeInfo;
  /** roots must already be realpath'd (resolveRoots). */
  readonly settings: SandboxSettings;
  /** util-linux prlimit, which applies the resource limits; default PRLIMIT_PATH (tests point it elsewhere). */
  readonly prlimitPath?: string;
}

/**
 * The runner: validates a request, turns it into one process spec for the mode in force, and
 * runs it. At most `maxConcurrent` runs at a time; one more is refused at once (ERR_SANDBOX_BUSY)
 * rather than queued, so a burst of calls cannot pile up unbounded work behind the sidecar.
 */
export function createSandboxRunner(deps: SandboxRunnerDeps): SandboxRunner {
  const { mode, settings } = deps;
  const host = mode.mode === 'bwrap' ? gatherHostFacts() : { symlinks: {} };
  const syscalls = SYSCALL_TABLES[process.arch];
  const seccomp = mode.mode === 'bwrap' && syscalls !== undefined ? buildSeccompFilter(syscalls) : undefined;
  const prlimitPath = deps.prlimitPath ?? PRLIMIT_PATH;
  // Fail closed: without prlimit a run would have no memory, CPU, file-size or process limits, and a
  // memory hog or fork bomb would be stopped by the timeout only, after hurting the host.
  const limitsMissing = (mode.mode === 'bwrap' || mode.mode === 'unconfined-override') && !isExecutable(prlimitPath);
  let active = 0;

  return {
    mode,
    active: () => active,
    async run(request: RunRequest): Promise<RunResult> {
      if (mode.mode === 'unavailable') {
        throw new KalguardError('ERR_SANDBOX_UNAVAILABLE', `Cannot run the command: no OS sandbox is available (${mode.reason})`);
      }
      if (mode.mode === 'disabled') {
        throw new KalguardError('ERR_SANDBOX_REFUSED', 'Cannot run the command: tool execution is off (set KALGUARD_SANDBOX_ROOTS to the directories tools may run in)');
      }
      if (limitsMissing) {
        throw new KalguardError('ERR_SANDBOX_UNAVAILABLE', `Cannot run the command: ${prlimitPath} (util-linux) is missing, so the resource limits cannot be applied`);
      }
      if (active >= settings.maxConcurrent) {
        throw new KalguardError('ERR_SANDBOX_BUSY', `Cannot run the command: ${settings.maxConcurrent} tool commands are already running (KALGUARD_SANDBOX_MAX_CONCURRENT); retry later`);
      }
      // Validation happens before the slot is taken, synchronously: a refused request never holds one.
      const { spec, limits } = planProcess(request, mode, settings, host, seccomp, prlimitPath);
      active += 1;
      try {
        return { ...(await runProcess(spec)), limits };
      } finally {
        active -= 1;
      }
    },
  };
}

function planProcess(request: RunRequest, mode: SandboxModeInfo, settings: SandboxSettings, host: BwrapHostFacts, seccomp: Buffer | undefined, prlimitPath: string): { spec: ProcessSpec; limits: ResourceLimits | null } {
  const { timeoutMs } = request;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
    throw new KalguardError('ERR_SANDBOX_REFUSED', `Cannot run the command: the timeout must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`);
  }
  if (!Array.isArray(request.args) || request.args.some((a) => typeof a !== 'string' || a.includes('\0'))) {
    throw new KalguardError('ERR_SANDBOX_REFUSED', 'Cannot run the command: every argument must be a string without NUL bytes');
  }
  const cwd = resolveWorkingDir(request.cwd, settings.roots);
  const realCommand = resolveCommand(request.command);
  const env = finalizeChildEnv(request.env);
  const maxOutputBytes = Math.min(request.maxOutputBytes ?? settings.maxOutputBytes, settings.maxOutputBytes);
  const common = { stdin: request.stdin, timeoutMs, maxOutputBytes };
  // prlimit sets the limits on itself and execs the command (argv as given: no shell, no PATH).
  const limits = limitsForRun(settings, timeoutMs);
  const limited = [...buildPrlimitArgs(limits), request.command, ...request.args];

  switch (mode.mode) {
    case 'bwrap':
      assertVisibleInBwrap(request.command, realCommand, cwd);
      assertVisibleInBwrap(prlimitPath, realOrSelf(prlimitPath), cwd);
      // bwrap itself gets an EMPTY environment: it becomes pid 1 of the sandbox, and the child can
      // read /proc/1/environ. The child's variables are passed with --setenv only.
      const spec: ProcessSpec = {
        file: settings.bwrapPath,
        args: buildBwrapArgs({ command: prlimitPath, args: limited, cwd, env, network: request.network, ...(seccomp === undefined ? {} : { seccompFd: 3 }) }, host),
        env: {},
        cwd,
        ...(seccomp === undefined ? {} : { fd3: seccomp }),
        ...common,
      };
      return { spec, limits };
    case 'sandbox-exec':
      // No resource limits on macOS (no prlimit there; seatbelt has none): said in the README.
      return { spec: { file: SANDBOX_EXEC_PATH, args: buildSandboxExecArgs({ command: request.command, args: request.args, cwd, network: request.network }), env, cwd, ...common }, limits: null };
    case 'unconfined-override':
      return { spec: { file: prlimitPath, args: limited, env, cwd, ...common }, limits };
    case 'unavailable':
    case 'disabled':
      throw new KalguardError('ERR_SANDBOX_UNAVAILABLE', `Cannot run the command: no OS sandbox is available (${mode.reason})`);
  }
}

/** Inside bwrap only the system directories and the working directory exist. */
function assertVisibleInBwrap(command: string, realCommand: string, cwd: string): void {
  const visible = [...SYSTEM_DIRS, cwd];
  if (!visible.some((dir) => isUnder(command, dir)) || !visible.some((dir) => isUnder(realCommand, dir) || isUnder(realCommand, realOrSelf(dir)))) {
    throw new KalguardError(
      'ERR_SANDBOX_REFUSED',
      `Cannot run the command: ${command} is not visible inside the sandbox (only ${SYSTEM_DIRS.join(', ')} and the working directory are)`,
    );
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

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function gatherHostFacts(): BwrapHostFacts {
  const symlinks: Record<string, string> = {};
  for (const dir of SYSTEM_DIRS) {
    try {
      if (lstatSync(dir).isSymbolicLink()) symlinks[dir] = readlinkSync(dir);
    } catch {
      // Absent on this host: --ro-bind-try skips it.
    }
  }
  return { symlinks };
}
