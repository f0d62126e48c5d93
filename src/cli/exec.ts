import { constants as osConstants } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { SidecarConfig } from '../config';
import { KalguardError } from '../errors';
import { buildChildEnv, createSandboxRunner, detectSandboxMode, MAX_TIMEOUT_MS, resolveRoots, type RunResult } from '../sandbox';
import type { CommandIo } from './policy-check';

export const EXEC_USAGE = `Usage: kalguard-sidecar exec [--cwd DIR] [--timeout MS] [--env NAME[=VALUE]]... [--allow-network] -- /abs/path/cmd [ARG]...

Runs one command through the tool sandbox runner (bubblewrap on Linux) and prints the result as
one JSON object: exitCode, signal, timedOut, stdout, stderr, stdoutTruncated, stderrTruncated,
durationMs, limits (the resource limits it ran under, KALGUARD_SANDBOX_MAX_*). The command is an
absolute path, run without a shell; its stdin is empty.
  --cwd DIR          Working directory, under KALGUARD_SANDBOX_ROOTS. Default: the current directory.
  --timeout MS       Kill the whole process tree after MS. Default: KALGUARD_SANDBOX_TIMEOUT_MS.
  --env NAME         Pass NAME from this environment; --env NAME=VALUE sets it. Repeat for several.
                     Nothing else is passed (PATH defaults to /usr/local/bin:/usr/bin:/bin);
                     KALGUARD_* names are refused.
  --allow-network    Share the host network (host loopback included). Default: no network.
Exit code: the command's; 124 on timeout; 128+N when killed by signal N; 125 when the runner
refuses or cannot start it (no sandbox, cwd outside the roots, …); 2 usage.`;

export interface ExecCommand {
  readonly name: 'exec';
  readonly cwd: string | undefined;
  readonly timeoutMs: number | undefined;
  readonly env: readonly string[];
  readonly allowNetwork: boolean;
  readonly command: string;
  readonly args: readonly string[];
}

/** Parses `exec` arguments; returns undefined for --help. Throws ERR_USAGE. */
export function parseExecArgs(args: readonly string[]): ExecCommand | undefined {
  const separator = args.indexOf('--');
  const options = separator === -1 ? args : args.slice(0, separator);
  if (options.includes('--help') || options.includes('-h')) return undefined;
  if (separator === -1) throw usageError('exec: put the command after --, e.g. exec -- /usr/bin/ls -l');
  const [command, ...commandArgs] = args.slice(separator + 1);
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...options],
      options: { cwd: { type: 'string' }, timeout: { type: 'string' }, env: { type: 'string', multiple: true }, 'allow-network': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw usageError(`exec: ${(error instanceof Error ? error.message : String(error)).split('\n', 1)[0]}`);
  }
  if (command === undefined || command === '') throw usageError('exec: expected a command after --');
  if (!command.startsWith('/')) throw usageError(`exec: the command must be an absolute path (got ${JSON.stringify(command)}); it is never looked up in PATH`);
  const timeoutText = values['timeout'] as string | undefined;
  const timeoutMs = timeoutText === undefined ? undefined : /^\d{1,7}$/.test(timeoutText) ? Number(timeoutText) : NaN;
  if (timeoutMs !== undefined && !(timeoutMs >= 1 && timeoutMs <= MAX_TIMEOUT_MS)) throw usageError(`exec: --timeout must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`);
  return {
    name: 'exec',
    cwd: values['cwd'] as string | undefined,
    timeoutMs,
    env: (values['env'] as string[] | undefined) ?? [],
    allowNetwork: values['allow-network'] === true,
    command,
    args: commandArgs,
  };
}

/**
 * Runs the command with the same runner the server uses. `env` is this process's environment,
 * the source for `--env NAME` only: the child's environment is built from the names given.
 */
export async function runExec(command: ExecCommand, config: SidecarConfig, env: Readonly<Record<string, string | undefined>>, io: CommandIo): Promise<number> {
  const mode = await detectSandboxMode({ platform: process.platform, bwrapPath: config.sandbox.bwrapPath, allowUnconfined: config.allowUnsafe.includes('no-os-sandbox'), rootsConfigured: config.sandbox.roots.length > 0 });
  if (mode.mode === 'unconfined-override') io.stderr(`kalguard-sidecar: warning: ${mode.reason}`);
  const runner = createSandboxRunner({
    mode,
    settings: { ...config.sandbox, roots: resolveRoots(config.sandbox.roots) },
  });
  const inherit = command.env.filter((e) => !e.includes('='));
  const values = Object.fromEntries(command.env.filter((e) => e.includes('=')).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  const result = await runner.run({
    command: command.command,
    args: command.args,
    cwd: resolve(command.cwd ?? process.cwd()),
    env: buildChildEnv({ inherit, values }, env),
    timeoutMs: command.timeoutMs ?? config.sandbox.defaultTimeoutMs,
    network: command.allowNetwork,
  });
  io.stdout(JSON.stringify(result));
  return exitCodeOf(result);
}

/** The conventions of timeout(1) and shells: 124 timed out, 128+N killed by signal N. */
export function exitCodeOf(result: RunResult): number {
  if (result.timedOut) return 124;
  if (result.exitCode !== null) return result.exitCode;
  const number = result.signal === null ? undefined : (osConstants.signals as Record<string, number | undefined>)[result.signal];
  return number === undefined ? 1 : 128 + number;
}

function usageError(message: string): KalguardError {
  return new KalguardError('ERR_USAGE', `${message} (see --help)`);
}
