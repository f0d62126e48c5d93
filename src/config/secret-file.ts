import { closeSync, openSync, readSync } from 'node:fs';
import { KalguardError } from '../errors';

/** A secret file larger than this is a mistake (a wrong path), not a key. */
const MAX_SECRET_FILE_BYTES = 4096;

/**
 * KALGUARD_TOKEN_SECRET_FILE: the secret read from a file rather than the environment — systemd's
 * LoadCredential= ($CREDENTIALS_DIRECTORY), a Kubernetes Secret volume, a Docker secret. A secret
 * in the environment is visible in /proc/PID/environ to the same user and is inherited by children
 * unless filtered; a file is read once here and stays where its permissions put it. One trailing
 * newline (echo, editors) is dropped; the value is then validated like KALGUARD_TOKEN_SECRET. The
 * one file the configuration reads, before parsing, so parseConfig stays a pure function of env.
 */
export function withSecretFromFile(env: Readonly<Record<string, string | undefined>>): Readonly<Record<string, string | undefined>> {
  const path = env['KALGUARD_TOKEN_SECRET_FILE'];
  if (path === undefined || path.trim() === '') return env;
  if ((env['KALGUARD_TOKEN_SECRET'] ?? '').trim() !== '') {
    throw new KalguardError('ERR_CONFIG_INVALID', 'Cannot read the token secret: both KALGUARD_TOKEN_SECRET and KALGUARD_TOKEN_SECRET_FILE are set; set only one');
  }
  const bytes = readBounded(path);
  return { ...env, KALGUARD_TOKEN_SECRET: bytes.toString('utf8').replace(/\r?\n$/, '') };
}

function readBounded(path: string): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(MAX_SECRET_FILE_BYTES + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > MAX_SECRET_FILE_BYTES) {
      throw new KalguardError('ERR_CONFIG_INVALID', `Cannot read KALGUARD_TOKEN_SECRET_FILE ${path}: it is over ${MAX_SECRET_FILE_BYTES} bytes, not a secret`);
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof KalguardError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new KalguardError('ERR_CONFIG_INVALID', `Cannot read KALGUARD_TOKEN_SECRET_FILE ${path}: ${reason}`, { cause: error });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
