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

/** Families of findings; the first segment of every finding id. */
export type FindingCategory =
  | 'injection'
  | 'jailbreak'
  | 'exfiltration'
  | 'delimiter'
  | 'indirect'
  | 'obfuscation'
  | 'secret'
  | 'input';

export interface Finding {
  /** Stable lower-case dotted id: `injection.override`, `secret.aws_access_key`, … */
  readonly id: string;
  readonly category: FindingCategory;
  readonly messageIndex: number;
  /** Index of the text part inside the message. */
  readonly partIndex: number;
  /** Span in the original text part, [start, end) in UTF-16 code units. */
  readonly start: number;
  readonly end: number;
  /** Points this finding adds to the score, after the role weighting (0 for secrets). */
  readonly contribution: number;
  readonly description: string;
  /** Set when the match was found in decoded or de-obfuscated text: which view. */
  readonly via?: string;
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

/**
 * One way of reading a text part. Detectors run on every view, so an attack is found whether it
 * was written plainly, spaced out, in homoglyphs or inside base64. Every view is lower-case and
 * normalised (see normalize/), with line breaks kept.
 */
export interface TextView {
  /** 'normalized', 'collapsed' (spaced/punctuated letters joined, leetspeak folded) or 'decoded:<how>'. */
  readonly kind: string;
  readonly text: string;
  /** Maps [start, end) in this view to [start, end) in the original text part. */
  mapSpan(start: number, end: number): readonly [number, number];
}

export interface DetectionContext {
  readonly role: MessageRole;
}

/** What a detector reports, in view coordinates; the pipeline maps and weights it. */
export interface RawFinding {
  readonly id: string;
  readonly category: FindingCategory;
  readonly start: number;
  readonly end: number;
  /** 0–100: how strongly this alone indicates an attack, for a user message. */
  readonly weight: number;
  readonly description: string;
}

/**
 * A detector family: pure, deterministic, linear-time. `patterns` lists every RegExp it uses so
 * that the ReDoS check in the test suite can prove each one safe.
 */
export interface Detector {
  readonly name: string;
  readonly patterns: readonly RegExp[];
  /** Roles it applies to; undefined = every scored role. */
  readonly roles?: ReadonlySet<MessageRole>;
  detect(view: TextView, context: DetectionContext): RawFinding[];
}
