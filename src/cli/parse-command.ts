import { parseArgs, type ParseArgsConfig } from 'node:util';
import { KalguardError } from '../errors';
import { MAIN_USAGE, SERVE_USAGE, TOKEN_USAGE } from './usage';

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
