import type { Finding, PromptMessage } from './types';

// Invisible format characters are stripped from sanitized text whether or not they were part of a
// finding: they have no legitimate use in a prompt that is worth the smuggling risk.
const INVISIBLE_GLOBAL = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\uDB40[\uDC00-\uDC7F]/g;
/** Every RegExp of this file, for the ReDoS proof. */
export const SANITIZE_PATTERNS: readonly RegExp[] = [INVISIBLE_GLOBAL];

/**
 * Replaces every finding's span with `[REDACTED:<id>]` — all occurrences, overlapping spans merged
 * so each character is replaced at most once (the widest finding names the merged span).
 */
export function sanitizeMessages(messages: readonly PromptMessage[], findings: readonly Finding[]): PromptMessage[] {
  const byPart = new Map<string, Finding[]>();
  for (const f of findings) {
    // Obfuscation signals mark regions where hiding happened (nearby occurrences merged), not text
    // to cut: redacting them would remove ordinary words between two invisible characters. The
    // invisible characters are stripped below anyway, and the attack they hid has its own findings.
    // Filler padding is the exception: the span is the junk itself, and cutting it is the point.
    if (f.category === 'obfuscation' && f.id !== 'obfuscation.filler_padding') continue;
    const key = `${f.messageIndex}:${f.partIndex}`;
    const list = byPart.get(key);
    if (list === undefined) byPart.set(key, [f]);
    else list.push(f);
  }
  return messages.map((message, messageIndex) => ({
    role: message.role,
    texts: message.texts.map((text, partIndex) => redactText(text, byPart.get(`${messageIndex}:${partIndex}`) ?? [])),
  }));
}

export function redactText(text: string, findings: readonly Finding[]): string {
  const spans = findings.filter((f) => f.end > f.start).sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let cursor = 0;
  let i = 0;
  while (i < spans.length) {
    const first = spans[i]!;
    let end = first.end;
    let label = first;
    i++;
    // Merge everything that overlaps the current span.
    while (i < spans.length && spans[i]!.start < end) {
      const next = spans[i]!;
      if (next.end - next.start > label.end - label.start) label = next;
      end = Math.max(end, next.end);
      i++;
    }
    if (first.start < cursor) continue;
    out += stripInvisible(text.slice(cursor, first.start)) + `[REDACTED:${label.id}]`;
    cursor = end;
  }
  return out + stripInvisible(text.slice(cursor));
}

function stripInvisible(text: string): string {
  return text.replace(INVISIBLE_GLOBAL, '');
}
