import { createHash } from 'node:crypto';
import type { AuditEventInput, AuditRecord } from './types';

/** Hex SHA-256 of a string (as UTF-8) or of raw bytes. */
export function sha256Hex(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export interface ContentFields {
  readonly contentSha256: string;
  readonly content?: unknown;
}

/**
 * The content part of an event. The hash is always recorded so an investigator holding the content
 * can match it; the raw value only when the operator opted in, because prompts and tool arguments
 * may carry secrets and personal data that an audit file must not collect by default.
 *
 * What is hashed: a string as its UTF-8 text (what an investigator holding the prompt would hash),
 * a Buffer as its bytes, anything else as `JSON.stringify(value)` (`undefined` as `null`). Content
 * comes from a parsed JSON body, so it is always serialisable.
 */
export function contentFields(content: unknown, includeRaw: boolean): ContentFields {
  const contentSha256 = sha256Hex(hashInput(content));
  return includeRaw ? { contentSha256, content } : { contentSha256 };
}

function hashInput(content: unknown): string | Buffer {
  if (typeof content === 'string' || Buffer.isBuffer(content)) return content;
  return JSON.stringify(content) ?? 'null';
}

/**
 * Stamps an event with the sink's sequence number and time. `seq` and `ts` come first so they lead
 * every line (and survive in a torn one), and are written last so a stray runtime `seq`/`ts` in the
 * event can never override the sink's numbering.
 */
export function stampRecord(event: AuditEventInput, seq: number, ts: string): AuditRecord {
  return Object.assign({ seq, ts }, event, { seq, ts });
}

/**
 * Characters that JSON.stringify leaves raw but that some readers treat as line breaks (Python's
 * `str.splitlines`, editors, log shippers): NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. In JSON text
 * they can only occur inside strings, where the `\uXXXX` escape denotes the same value.
 */
const LINE_BREAKING_UNESCAPED = /[\u0085\u2028\u2029]/g;

function escapeLineBreaking(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Exactly one JSONL line: JSON.stringify escapes every control character (so `\n` and `\r` never
 * appear raw) and lone surrogates; the remaining Unicode line breakers are escaped here. Undefined
 * fields are omitted by JSON.stringify. Throws (TypeError) for values JSON cannot represent, e.g.
 * BigInt or a cycle.
 */
export function serializeRecord(record: AuditRecord): string {
  return `${JSON.stringify(record).replace(LINE_BREAKING_UNESCAPED, escapeLineBreaking)}\n`;
}
