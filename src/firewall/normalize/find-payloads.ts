import { FIREWALL_LIMITS } from '../limits';
import { H_BACKSLASH, H_COMMENT, H_ENTITY, H_HEX_PAIRS } from './core-state';
import { type EscapeDecoding, decodeBackslash, decodeBase64, decodeEntities, decodeHexDigits, decodePercent, isHexRun, rot13 } from './decoders';
import type { CoreResult } from './normalize-core';
import { BACKSLASH_ESCAPE, HEX_PAIRS, HTML_ENTITY, PERCENT_ESCAPE } from './patterns';
import { findRot13Segments } from './rot13-segments';
import { decodeUtf8, isMostlyText } from './text-utils';

/** Something to read as its own view, found in one text (the original or a decoded payload). */
export interface Payload {
  /** 'base64', 'hex', 'url', 'escapes', 'html_entities', 'rot13', 'html_comment', 'tags', 'variation_selectors', 'bidi'. */
  readonly kind: string;
  /** Span in the text it was found in. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Already normalised (cut from the normalised text): not normalised again, not decoded further. */
  readonly normalized: boolean;
  /** An encoding that plain text never needs: counts as an encoded payload. */
  readonly encoded: boolean;
  /** More was encoded than was decoded (the per-payload cap). */
  readonly truncated: boolean;
  /** For text cut from the normalised text: where, so that the view can map exactly. */
  readonly normalizedStart?: number;
}

/** Escapes per blob before it is decoded, and the widest gap of plain text inside one blob. */
const MIN_ESCAPES = 3;
const MAX_GAP = 24;
/** Encoded characters decoded per payload: enough for the whole budget, never more. */
const MAX_ENCODED = Math.ceil((FIREWALL_LIMITS.maxDecodedChars * 4) / 3) + 4;
/** Base64 is first tried on a prefix, so that long runs of non-text cost little. */
const PROBE = 96;

/** Every payload in `source`, whose main pass is `core`, in a fixed order (hidden text first). */
export function findPayloads(source: string, core: CoreResult): Payload[] {
  const st = core.state;
  const found: Payload[] = [];
  const plain = { normalized: false, truncated: false };
  for (const h of st.hidden) found.push({ ...plain, kind: h.kind, start: h.start, end: h.end, text: h.text, encoded: false });
  for (let k = 0; k < st.b64Runs.length; k += 2) {
    const payload = base64OrHex(source, st.b64Runs[k]!, st.b64Runs[k + 1]!);
    if (payload !== undefined) found.push(payload);
  }
  if ((st.hints & H_HEX_PAIRS) !== 0) {
    for (const m of source.matchAll(HEX_PAIRS)) {
      const text = decodeUtf8(decodeHexDigits(source, m.index, m.index + m[0].length));
      if (isMostlyText(text)) found.push({ ...plain, kind: 'hex', start: m.index, end: m.index + m[0].length, text, encoded: true });
    }
  }
  if (st.percents >= MIN_ESCAPES) found.push(...escaped(source, PERCENT_ESCAPE, 'url', decodePercent));
  if ((st.hints & H_BACKSLASH) !== 0) found.push(...escaped(source, BACKSLASH_ESCAPE, 'escapes', decodeBackslash));
  if ((st.hints & H_ENTITY) !== 0) found.push(...escaped(source, HTML_ENTITY, 'html_entities', decodeEntities));
  if (st.rot13Hints > 0) found.push(...rot13Payloads(core));
  if ((st.hints & H_COMMENT) !== 0) found.push(...comments(core));
  return found;
}

/** A base64 run (or one of plain hex digits, "0x" allowed) that decodes to text. */
function base64OrHex(source: string, start: number, runEnd: number): Payload | undefined {
  let end = runEnd;
  while (end < source.length && end - runEnd < 2 && source.charCodeAt(end) === 61) end++; // '=' padding
  const digits = source.charCodeAt(start) === 48 && (source.charCodeAt(start + 1) | 32) === 120 ? start + 2 : start;
  const length = runEnd - digits;
  let bytes: Uint8Array;
  let kind: string;
  if (length >= 16 && length % 2 === 0 && isHexRun(source, digits, runEnd)) {
    // Hex of text has letters (a–f) among its digits; a long number is not hex.
    if (!hasHexLetter(source, digits, runEnd)) return undefined;
    kind = 'hex';
    bytes = decodeHexDigits(source, digits, Math.min(runEnd, digits + MAX_ENCODED));
  } else {
    kind = 'base64';
    // Base64 of text has both cases (a 16-character run of it without an upper-case letter has
    // odds below 1 in 300); paths, identifiers and words do not: not decoded.
    if (!hasBothCases(source, start, runEnd)) return undefined;
    if (runEnd - start > PROBE && !isMostlyText(decodeUtf8(completeUtf8(decodeBase64(source, start, start + PROBE))))) return undefined;
    bytes = decodeBase64(source, start, Math.min(runEnd, start + MAX_ENCODED));
  }
  const text = decodeUtf8(completeUtf8(bytes));
  if (!isMostlyText(text)) return undefined;
  return { kind, start, end, text, normalized: false, encoded: true, truncated: runEnd - start > MAX_ENCODED };
}

function hasBothCases(source: string, start: number, end: number): boolean {
  let upper = false;
  let lower = false;
  for (let i = start; i < end && !(upper && lower); i++) {
    const c = source.charCodeAt(i);
    if (c >= 65 && c <= 90) upper = true;
    else if (c >= 97 && c <= 122) lower = true;
  }
  return upper && lower;
}

function hasHexLetter(source: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if ((source.charCodeAt(i) | 32) >= 97) return true;
  return false;
}

/** Bytes up to the last complete UTF-8 sequence (a cut payload must not end in U+FFFD). */
function completeUtf8(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

/**
 * Escapes (%XX, \xHH, &#NN;) close together form one blob, stretched to the edges of the words at
 * its ends; a blob with at least MIN_ESCAPES of them is decoded as a whole.
 */
function escaped(source: string, pattern: RegExp, kind: string, decode: (s: string, start: number, end: number) => EscapeDecoding): Payload[] {
  const found: Payload[] = [];
  let start = -1;
  let end = -1;
  let hits = 0;
  const close = () => {
    if (hits < MIN_ESCAPES) return;
    const from = wordEdge(source, start, -1);
    const to = wordEdge(source, end, 1);
    const decoded = decode(source, from, Math.min(to, from + MAX_ENCODED));
    if (!isMostlyText(decoded.text)) return;
    found.push({ kind, start: from, end: to, text: decoded.text, normalized: false, encoded: decoded.alnumEscapes >= MIN_ESCAPES, truncated: to - from > MAX_ENCODED });
  };
  for (const m of source.matchAll(pattern)) {
    if (hits > 0 && m.index - end <= MAX_GAP) {
      end = m.index + m[0].length;
      hits++;
      continue;
    }
    close();
    start = m.index;
    end = m.index + m[0].length;
    hits = 1;
  }
  close();
  return found;
}

/** From `at`, moves (up to MAX_GAP) in direction `dir` while the characters are not whitespace. */
function wordEdge(source: string, at: number, dir: -1 | 1): number {
  let p = at;
  for (let k = 0; k < MAX_GAP; k++) {
    const c = dir < 0 ? source.charCodeAt(p - 1) : source.charCodeAt(p);
    if (Number.isNaN(c) || c === 32 || c === 10 || c === 9 || c === 13) break;
    p += dir;
  }
  return p;
}

function rot13Payloads(core: CoreResult): Payload[] {
  const segments = findRot13Segments(core.text);
  const found: Payload[] = [];
  for (let k = 0; k < segments.length; k += 2) {
    const [a, b] = [segments[k]!, segments[k + 1]!];
    const [start, end] = [core.state.map.startOf(a), core.state.map.endOf(b - 1)];
    found.push({ kind: 'rot13', start, end, text: rot13(core.text.slice(a, b)), normalized: true, encoded: true, truncated: false, normalizedStart: a });
  }
  return found;
}

/** Bodies of HTML comments (an unclosed one runs to the end), read from the normalised text. */
function comments(core: CoreResult): Payload[] {
  const text = core.text;
  const found: Payload[] = [];
  let at = text.indexOf('<!--');
  while (at >= 0) {
    const close = text.indexOf('-->', at + 4);
    const bodyEnd = close < 0 ? text.length : close;
    const end = close < 0 ? text.length : close + 3;
    if (bodyEnd > at + 4) {
      const span = { start: core.state.map.startOf(at), end: core.state.map.endOf(end - 1) };
      found.push({ kind: 'html_comment', ...span, text: text.slice(at + 4, bodyEnd), normalized: true, encoded: false, truncated: false });
    }
    at = close < 0 ? -1 : text.indexOf('<!--', end);
  }
  return found;
}
