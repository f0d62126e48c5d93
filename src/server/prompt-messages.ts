import type { PromptMessage } from '../firewall';
import type { ChatMessage } from './request-schemas';

/** Reduces client messages to what the firewall reads: role plus the text of each text part. */
export function toPromptMessages(messages: readonly ChatMessage[]): PromptMessage[] {
  return messages.map((m) => ({ role: m.role, texts: textsOf(m.content) }));
}

function textsOf(content: ChatMessage['content']): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  const texts: string[] = [];
  for (const part of content) if (part.type === 'text' && typeof part.text === 'string') texts.push(part.text);
  return texts;
}

/**
 * Puts sanitized texts back into the messages in the shape the client sent, so the client can
 * forward `sanitizedMessages` to its model as they are (extra fields such as tool_call_id kept).
 */
export function applySanitizedTexts(original: readonly ChatMessage[], sanitized: readonly PromptMessage[]): ChatMessage[] {
  return original.map((message, i) => {
    const texts = sanitized[i]?.texts ?? [];
    if (typeof message.content === 'string') return { ...message, content: texts[0] ?? '' };
    if (!Array.isArray(message.content)) return { ...message };
    let next = 0;
    const content = message.content.map((part) =>
      part.type === 'text' && typeof part.text === 'string' ? { ...part, text: texts[next++] ?? '' } : { ...part },
    );
    return { ...message, content };
  });
}
