/** Chat roles as OpenAI-compatible clients send them. */
export type MessageRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';

/** A message reduced to what the firewall reads: the role and the text of its text parts. */
export interface PromptMessage {
  readonly role: MessageRole;
  /** Text parts in order; non-text parts (images, audio) are not scored. */
  readonly texts: readonly string[];
}

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';
export type FirewallAction = 'allow' | 'sanitize' | 'block';

export interface Finding {
  /** Stable lower-case dotted id: `injection.override`, `secret.aws_access_key`, … */
  readonly id: string;
  readonly category: string;
  readonly messageIndex: number;
  /** Index of the text part inside the message. */
  readonly partIndex: number;
  /** Span in the original text part, [start, end). */
  readonly start: number;
  readonly end: number;
  /** Points this finding adds to the score (0 for secrets). */
  readonly contribution: number;
  readonly description: string;
}

export interface Thresholds {
  readonly block: number;
  readonly sanitize: number;
}

export interface PromptVerdict {
  readonly action: FirewallAction;
  readonly allowed: boolean;
  readonly riskScore: number;
  readonly riskLevel: RiskLevel;
  readonly findings: readonly Finding[];
  /** Present when action is sanitize, or when secrets were redacted. Same shape as the input. */
  readonly sanitizedMessages?: readonly PromptMessage[];
  /** The id of the finding that contributed most, when any. */
  readonly topFindingId?: string;
}
