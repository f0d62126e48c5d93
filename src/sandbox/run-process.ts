import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { KalguardError } from '../errors';
import { createCappedOutput } from './capped-output';
import type { ProcessOutcome } from './types';

/** After SIGTERM on timeout, how long the process group gets before SIGKILL. */
export const KILL_GRACE_MS = 500;
/**
 * After the child exits, how long we wait for its output pipes to reach end-of-file. Only an
 * escaped descendant (unconfined mode: one that left the process group) can hold them open longer;
 * we then stop reading rather than hang the request.
 */
export const STREAM_DRAIN_MS = 1_000;

export interface ProcessSpec {
  /** What is actually executed: bwrap, sandbox-exec, or (unconfined) the command itself. */
  readonly file: string;
  readonly args: readonly string[];
  /** Passed to spawn as the WHOLE environment (never merged with the sidecar's own environment). */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly stdin: Uint8Array | undefined;
  /** Bytes for file descriptor 3 of the spawned process (bwrap reads its seccomp filter there). */
  readonly fd3?: Buffer;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
}

/**
 * Spawns one process in its own session and process group (detached: setsid), feeds its stdin,
 * collects capped output, and on timeout signals the whole group: SIGTERM, then SIGKILL after a
 * short grace. When the child exits, the group is SIGKILLed as well, so a grandchild it left
 * behind (`cmd &`) does not outlive the run. No shell is involved at any point: `file` and `args`
 * go to execve as they are.
 */
export function runProcess(spec: ProcessSpec): Promise<ProcessOutcome> {
  return new Promise<ProcessOutcome>((resolve, reject) => {
    const started = performance.now();
    let child: ChildProcessWithoutNullStreams;
    try {
      const stdio = spec.fd3 === undefined ? 'pipe' : ['pipe', 'pipe', 'pipe', 'pipe'];
      child = spawn(spec.file, [...spec.args], { cwd: spec.cwd, env: { ...spec.env }, detached: true, stdio: stdio as 'pipe', shell: false, windowsHide: true });
    } catch (error) {
      reject(spawnFailed(spec.file, error));
      return;
    }
    const stdout = createCappedOutput(spec.maxOutputBytes);
    const stderr = createCappedOutput(spec.maxOutputBytes);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // A child that never reads its stdin closes the pipe under us (EPIPE): not our failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(spec.stdin === undefined ? undefined : Buffer.from(spec.stdin));
    const fd3 = child.stdio[3] as NodeJS.WritableStream | null | undefined;
    if (spec.fd3 !== undefined && fd3 !== null && fd3 !== undefined) {
      fd3.on('error', () => undefined);
      fd3.end(spec.fd3);
    }

    let settled = false;
    let timedOut = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const timeoutTimer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, 'SIGTERM');
      graceTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS);
    }, spec.timeoutMs);

    child.once('error', (error) => {
      if (settled || child.pid !== undefined) return;
      settled = true;
      clearTimeout(timeoutTimer);
      reject(spawnFailed(spec.file, error));
    });
    child.once('exit', (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeoutTimer);
      clearTimeout(graceTimer);
      // The group outlives its leader while any member lives; nothing of this run may stay behind.
      // (The pgid cannot have been reused yet: members still hold it, or it is empty and ESRCH.)
      killGroup(child.pid, 'SIGKILL');
      void drain(child).then(() =>
        resolve({
          exitCode: code,
          signal,
          timedOut,
          stdout: stdout.text(),
          stderr: stderr.text(),
          stdoutTruncated: stdout.truncated,
          stderrTruncated: stderr.truncated,
          durationMs: Math.round(performance.now() - started),
        }),
      );
    });
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we wanted.
  }
}

/** Resolves when both output pipes closed, or after STREAM_DRAIN_MS with the pipes destroyed. */
function drain(child: ChildProcessWithoutNullStreams): Promise<void> {
  const closed = (stream: NodeJS.ReadableStream & { readableEnded?: boolean; destroyed?: boolean }) =>
    stream.readableEnded === true || stream.destroyed === true ? Promise.resolve() : new Promise<void>((done) => stream.once('close', () => done()));
  return new Promise<void>((done) => {
    const timer = setTimeout(() => {
      child.stdout.destroy();
      child.stderr.destroy();
      done();
    }, STREAM_DRAIN_MS);
    void Promise.all([closed(child.stdout), closed(child.stderr)]).then(() => {
      clearTimeout(timer);
      done();
    });
  });
}

function spawnFailed(file: string, error: unknown): KalguardError {
  const reason = error instanceof Error ? error.message : String(error);
  return new KalguardError('ERR_SANDBOX_FAILED', `Cannot run the command: could not start ${file}: ${reason}`, { cause: error });
}
