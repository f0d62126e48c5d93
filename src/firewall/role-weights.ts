import type { MessageRole } from './types';

/**
 * How much a finding counts by the role of the message it is in.
 * - system/developer: the operator wrote them; they are not scored as attacks at all.
 * - user and tool (and legacy function): untrusted input at full weight. Tool output is where
 *   indirect injection arrives, so it is never discounted.
 * - assistant: earlier model output; a client may replay tampered history, but an attack there
 *   usually echoes one already scored in a user or tool turn, so it weighs less.
 */
export const ROLE_WEIGHT: Readonly<Record<MessageRole, number>> = {
  system: 0,
  developer: 0,
  user: 1,
  tool: 1,
  function: 1,
  assistant: 0.5,
};

export function isScoredRole(role: MessageRole): boolean {
  return ROLE_WEIGHT[role] > 0;
}
