import { KalguardError } from '../errors';

/** What a tool gets for PATH when the caller names none: system directories only. */
export const DEFAULT_CHILD_PATH = '/usr/local/bin:/usr/bin:/bin';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** The sidecar's own settings (its token secret first of all) never reach a tool, even when named. */
const RESERVED_PREFIX = 'KALGUARD_';

export interface ChildEnvSpec {
  /** Names whose values are taken from `source`; a name absent there is simply not set. */
  readonly inherit: readonly string[];
  /** Explicit values; they win over inherited ones. */
  readonly values: Readonly<Record<string, string>>;
}

/**
 * Builds a child's environment FROM the allowlist: it walks the names it was given and looks
 * each one up, and never walks `source`. Copying the environment and filtering it would leak
 * whatever the filter forgot (a new secret variable, a differently-cased name); this way a variable
 * nobody named cannot arrive.
 */
export function buildChildEnv(spec: ChildEnvSpec, source: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const name of spec.inherit) {
    validateEnvName(name);
    const value = Object.prototype.hasOwnProperty.call(source, name) ? source[name] : undefined;
    if (value !== undefined) env[name] = value;
  }
  for (const [name, value] of Object.entries(spec.values)) {
    validateEnvName(name);
    env[name] = value;
  }
  return finalizeChildEnv(env);
}

/** Checks an already built environment and adds the default PATH. Returns a fresh plain object. */
export function finalizeChildEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    validateEnvName(name);
    if (typeof value !== 'string' || value.includes('\0')) {
      throw new KalguardError('ERR_SANDBOX_REFUSED', `Cannot run the command: the value of environment variable ${name} is not a string without NUL bytes`);
    }
    out[name] = value;
  }
  out['PATH'] ??= DEFAULT_CHILD_PATH;
  return out;
}

export function validateEnvName(name: string): void {
  if (!ENV_NAME.test(name)) {
    throw new KalguardError('ERR_SANDBOX_REFUSED', `Cannot run the command: ${JSON.stringify(name)} is not a valid environment variable name`);
  }
  if (name.toUpperCase().startsWith(RESERVED_PREFIX)) {
    throw new KalguardError('ERR_SANDBOX_REFUSED', `Cannot run the command: environment variable ${name} is reserved (the sidecar's KALGUARD_* settings never reach a tool)`);
  }
}
