import { parseArgs, type ParseArgsConfig } from 'node:util';
import { KalguardError } from '../errors';
import { EXEC_USAGE, parseExecArgs, type ExecCommand } from './exec';
import { APPARMOR_PROFILE_USAGE, parseAppArmorProfileArgs, type AppArmorProfileCommand } from './apparmor-profile';
import { parseSandboxProfileArgs, SANDBOX_PROFILE_USAGE, type SandboxProfileCommand } from './sandbox-profile';
import { HEALTHCHECK_USAGE, MAIN_USAGE, POLICY_USAGE, SECCOMP_PROFILE_USAGE, SERVE_USAGE, TOKEN_USAGE } from './usage';

export type Command =
  | { readonly name: 'serve'; readonly allowUnsafe: string | undefined }
  | {
      readonly name: 'token';
      readonly agentId: string;
      readonly capabilities: readonly string[];
      readonly ttlSeconds: number;
      readonly issuer: string | undefined;
      readonly metadata: Readonly<Record<string, unknown>> | undefined;
    }
  | { readonly name: 'policy-check'; readonly file: string }
  | { readonly name: 'healthcheck'; readonly url: string | undefined; readonly timeoutMs: number }
  | { readonly name: 'seccomp-profile'; readonly file: string | undefined; readonly allowExec: boolean }
  | AppArmorProfileCommand
  | SandboxProfileCommand
  | ExecCommand
  | { readonly name: 'unavailable'; readonly command: string }
  | { readonly name: 'help'; readonly text: string }
  | { readonly name: 'version' };

const DEFAULT_CAPABILITIES = ['prompt:send', 'tool:execute'] as const;
const MAX_TTL_SECONDS = 365 * 24 * 3600;

/** The only reader of argv. Throws ERR_USAGE (exit 2) with a one-line message. */
export function parseCommand(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined || first.startsWith('-')) {
    if (first === '-h' || first === '--help') return { name: 'help', text: MAIN_USAGE };
    if (first === '-v' || first === '--version') return { name: 'version' };
    return parseServe(argv);
  }
  switch (first) {
    case 'serve':
      return parseServe(rest);
    case 'token':
      return parseToken(rest);
    case 'policy':
      return parsePolicyCommand(rest);
    case 'healthcheck':
      return parseHealthcheck(rest);
    case 'seccomp-profile':
      return parseSeccompProfile(rest);
    case 'apparmor-profile':
      return parseAppArmorProfileArgs(rest) ?? { name: 'help', text: APPARMOR_PROFILE_USAGE };
    case 'sandbox-profile':
      return parseSandboxProfileArgs(rest) ?? { name: 'help', text: SANDBOX_PROFILE_USAGE };
    case 'exec':
      return parseExecArgs(rest) ?? { name: 'help', text: EXEC_USAGE };
    case 'help':
      return { name: 'help', text: MAIN_USAGE };
    default:
      throw usageError(`unknown command "${first}"`);
  }
}

function parseServe(args: readonly string[]): Command {
  const { values } = parse(args, { 'allow-unsafe': { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help === true) return { name: 'help', text: SERVE_USAGE };
  return { name: 'serve', allowUnsafe: values['allow-unsafe'] as string | undefined };
}

function parsePolicyCommand(args: readonly string[]): Command {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') return { name: 'help', text: POLICY_USAGE };
  if (sub !== 'check') throw usageError(`unknown policy subcommand "${sub}"`);
  if (rest.includes('--help') || rest.includes('-h')) return { name: 'help', text: POLICY_USAGE };
  const files = rest.filter((a) => !a.startsWith('-'));
  const options = rest.filter((a) => a.startsWith('-'));
  if (options.length > 0) throw usageError(`policy check: unknown option ${options[0]}`);
  if (files.length !== 1) throw usageError('policy check: expected exactly one FILE');
  return { name: 'policy-check', file: files[0]! };
}

function parseSeccompProfile(args: readonly string[]): Command {
  if (args.includes('--help') || args.includes('-h')) return { name: 'help', text: SECCOMP_PROFILE_USAGE };
  const options = args.filter((a) => a.startsWith('-') && a !== '--allow-exec');
  if (options.length > 0) throw usageError(`seccomp-profile: unknown option ${options[0]}`);
  const files = args.filter((a) => !a.startsWith('-'));
  if (files.length > 1) throw usageError('seccomp-profile: expected at most one FILE');
  return { name: 'seccomp-profile', file: files[0], allowExec: args.includes('--allow-exec') };
}

function parseHealthcheck(args: readonly string[]): Command {
  const { values } = parse(args, { url: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help === true) return { name: 'help', text: HEALTHCHECK_USAGE };
  const url = values.url as string | undefined;
  if (url !== undefined && !/^https?:\/\/[^\s]+$/.test(url)) throw usageError('healthcheck: --url must be an http(s) URL');
  const timeoutText = (values.timeout as string | undefined) ?? '3000';
  const timeoutMs = /^\d{1,6}$/.test(timeoutText) ? Number(timeoutText) : NaN;
  if (!(timeoutMs >= 1)) throw usageError('healthcheck: --timeout must be a number of milliseconds');
  return { name: 'healthcheck', url, timeoutMs };
}

function parseToken(args: readonly string[]): Command {
  const { values } = parse(args, {
    agent: { type: 'string' },
    cap: { type: 'string', multiple: true },
    ttl: { type: 'string' },
    issuer: { type: 'string' },
    metadata: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) return { name: 'help', text: TOKEN_USAGE };
  const agentId = values.agent as string | undefined;
  if (agentId === undefined || agentId.trim() === '') throw usageError('token: --agent ID is required');
  const ttlText = (values.ttl as string | undefined) ?? '3600';
  const ttlSeconds = /^\d{1,9}$/.test(ttlText) ? Number(ttlText) : NaN;
  if (!(ttlSeconds >= 1 && ttlSeconds <= MAX_TTL_SECONDS)) throw usageError(`token: --ttl must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS}`);
  const caps = (values.cap as string[] | undefined) ?? [...DEFAULT_CAPABILITIES];
  if (caps.some((c) => c.trim() === '')) throw usageError('token: --cap must not be empty');
  return {
    name: 'token',
    agentId,
    capabilities: [...new Set(caps)],
    ttlSeconds,
    issuer: values.issuer as string | undefined,
    metadata: parseMetadata(values.metadata as string | undefined),
  };
}

function parseMetadata(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw usageError('token: --metadata must be a JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw usageError('token: --metadata must be a JSON object');
  return value as Record<string, unknown>;
}

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

function parse<const O extends OptionSpec>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, strict: true as const, allowPositionals: false as const });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    throw usageError(message ?? 'invalid arguments');
  }
}

function usageError(message: string): KalguardError {
  return new KalguardError('ERR_USAGE', `${message} (see --help)`);
}
