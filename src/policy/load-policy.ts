import { createHash } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { KalguardError } from '../errors';
import { compilePolicy } from './compile-policy';
import { parsePolicy } from './parse-policy';
import type { CompiledPolicy } from './types';

/** Far above any real policy; a limit so that a wrong path (a log, a disk image) cannot exhaust memory. */
export const MAX_POLICY_BYTES = 4 * 1024 * 1024;

const READ_CHUNK_BYTES = 64 * 1024;

export interface LoadPolicyOptions {
  readonly defaultDeny: boolean;
  readonly maxBytes?: number;
}

/** Reads, validates and compiles a policy file. Throws ERR_POLICY_READ or ERR_POLICY_INVALID. */
export async function loadPolicyFile(path: string, options: LoadPolicyOptions): Promise<CompiledPolicy> {
  const bytes = await readPolicyBytes(path, options.maxBytes);
  return buildPolicy(bytes, path, options);
}

/**
 * Turns the exact bytes of a policy file into a compiled policy whose hash is the sha256 of those
 * bytes, so that the audit can name precisely which file content made a decision.
 */
export function buildPolicy(bytes: Uint8Array, source: string, options: { readonly defaultDeny: boolean }): CompiledPolicy {
  const hash = hashPolicyBytes(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const message = 'not valid UTF-8 text';
    throw new KalguardError('ERR_POLICY_INVALID', `Cannot load policy ${source}: ${message}`, {
      details: [{ path: '(root)', message }],
      cause: error,
    });
  }
  return compilePolicy(parsePolicy(text, { defaultDeny: options.defaultDeny, source }), { hash, source });
}

/** Sha256 hex of bytes; the store compares it before deciding to compile. */
export function hashPolicyBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads a policy file (following symlinks) with a size limit. Opened non-blocking and checked to be
 * a regular file: a FIFO or device at the policy path must fail, not hang a reload forever.
 */
export async function readPolicyBytes(path: string, maxBytes: number = MAX_POLICY_BYTES): Promise<Uint8Array> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = await handle.stat();
    if (!stat.isFile()) throw readError(path, 'not a regular file');
    if (stat.size > maxBytes) throw readError(path, `larger than the limit of ${maxBytes} bytes`);
    // Read up to maxBytes + 1 whatever stat said: the file may change between stat and read.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(READ_CHUNK_BYTES, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw readError(path, `larger than the limit of ${maxBytes} bytes`);
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof KalguardError) throw error;
    throw readError(path, describeIoError(error), error);
  } finally {
    await handle?.close();
  }
}

function readError(path: string, reason: string, cause?: unknown): KalguardError {
  return new KalguardError('ERR_POLICY_READ', `Cannot read policy ${path}: ${reason}`, cause === undefined ? {} : { cause });
}

const IO_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
};

function describeIoError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && IO_REASONS[code] !== undefined) return `${IO_REASONS[code]} (${code})`;
  return error instanceof Error ? error.message : String(error);
}
