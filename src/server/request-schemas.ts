import { z } from 'zod';

/*
 * Request bodies as real OpenAI-compatible clients send them. Extra fields on a message (`name`,
 * `tool_call_id`, `tool_calls`, …) and on the body (`model`, …) are accepted and ignored: rejecting
 * them would break clients without making anything safer, since only the text is decided on.
 */

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
// Image, audio and file parts are passed through unscored; they must not make the request fail.
const otherPart = z.looseObject({ type: z.string().min(1) });
const contentPart = z.union([textPart, otherPart]);

export const MESSAGE_ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'] as const;

export const chatMessageSchema = z.looseObject({
  role: z.enum(MESSAGE_ROLES),
  // null is what assistant messages carrying only tool_calls send.
  content: z.union([z.string(), z.array(contentPart).max(1_000), z.null()]).optional(),
});

export const promptCheckBodySchema = z.looseObject({
  messages: z.array(chatMessageSchema).min(1, 'expected at least one message').max(1_000, 'expected at most 1000 messages'),
});

export const toolCheckBodySchema = z.looseObject({
  toolName: z
    .string()
    .min(1, 'expected a non-empty tool name')
    .max(256, 'expected a tool name of at most 256 characters'),
  // OpenAI sends tool-call arguments as a JSON string; Anthropic and most SDKs as an object.
  arguments: z.unknown().optional(),
});

export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type PromptCheckBody = z.infer<typeof promptCheckBodySchema>;
export type ToolCheckBody = z.infer<typeof toolCheckBodySchema>;
