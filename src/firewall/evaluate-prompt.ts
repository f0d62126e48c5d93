import { actionFor, combineScores, riskLevelOf } from './score';
import type { Finding, PromptMessage, PromptVerdict, Thresholds } from './types';

/*
 * First, deliberately simple firewall: a handful of linear-time patterns. Its only job is to hold
 * the module boundary `evaluatePrompt(messages, thresholds) → verdict` that the HTTP layer uses;
 * issue #3 replaces the detection behind it. Every quantifier is bounded so that no pattern can
 * backtrack super-linearly.
 */
interface Rule {
  readonly id: string;
  readonly category: string;
  readonly weight: number;
  readonly pattern: RegExp;
  readonly description: string;
}

const RULES: readonly Rule[] = [
  {
    id: 'injection.override',
    category: 'injection',
    weight: 75,
    pattern: /\b(?:ignore|disregard|forget|override)\b[^.\n]{0,40}?\b(?:previous|prior|above|earlier|all|your|the)\b[^.\n]{0,30}?\b(?:instructions?|rules|prompts?|directions)\b/gi,
    description: 'asks to ignore or override earlier instructions',
  },
  {
    id: 'exfiltration.system_prompt',
    category: 'exfiltration',
    weight: 70,
    pattern: /\b(?:reveal|print|show|repeat|output|tell me)\b[^.\n]{0,30}?\b(?:system prompt|your instructions|the instructions|your password|the password)\b/gi,
    description: 'asks for the system prompt or a secret',
  },
  {
    id: 'jailbreak.persona',
    category: 'jailbreak',
    weight: 75,
    pattern: /\b(?:do anything now|developer mode|jailbreak(?:en|ed)?|DAN mode)\b/gi,
    description: 'invokes a known jailbreak persona',
  },
  {
    id: 'delimiter.chat_template',
    category: 'delimiter',
    weight: 60,
    pattern: /<\|(?:im_start|im_end|system|endoftext)\|>|\[\/?INST\]|<<\/?SYS>>/gi,
    description: 'contains chat-template control tokens',
  },
];

/** Roles whose text the operator wrote: never scored as attacks. */
const TRUSTED_ROLES = new Set(['system', 'developer']);

export function evaluatePrompt(messages: readonly PromptMessage[], thresholds: Thresholds): PromptVerdict {
  const findings: Finding[] = [];
  messages.forEach((message, messageIndex) => {
    if (TRUSTED_ROLES.has(message.role)) return;
    message.texts.forEach((text, partIndex) => {
      for (const rule of RULES) {
        for (const match of text.matchAll(rule.pattern)) {
          findings.push({
            id: rule.id,
            category: rule.category,
            messageIndex,
            partIndex,
            start: match.index,
            end: match.index + match[0].length,
            contribution: rule.weight,
            description: rule.description,
          });
        }
      }
    });
  });

  // One contribution per finding id: repeating the same phrase is not more evidence.
  const strongestById = new Map<string, number>();
  for (const f of findings) strongestById.set(f.id, Math.max(strongestById.get(f.id) ?? 0, f.contribution));
  const riskScore = combineScores([...strongestById.values()]);
  const action = actionFor(riskScore, thresholds);
  const top = findings.reduce<Finding | undefined>((best, f) => (best === undefined || f.contribution > best.contribution ? f : best), undefined);

  const verdict: PromptVerdict = {
    action,
    allowed: action !== 'block',
    riskScore,
    riskLevel: riskLevelOf(riskScore),
    findings,
    ...(top === undefined ? {} : { topFindingId: top.id }),
    ...(action === 'sanitize' ? { sanitizedMessages: redact(messages, findings) } : {}),
  };
  return verdict;
}

function redact(messages: readonly PromptMessage[], findings: readonly Finding[]): PromptMessage[] {
  return messages.map((message, messageIndex) => ({
    role: message.role,
    texts: message.texts.map((text, partIndex) => {
      const spans = findings
        .filter((f) => f.messageIndex === messageIndex && f.partIndex === partIndex)
        .sort((a, b) => a.start - b.start);
      // Overlapping spans are merged so each character is replaced at most once.
      let out = '';
      let cursor = 0;
      for (const span of spans) {
        if (span.end <= cursor) continue;
        out += `${text.slice(cursor, Math.max(cursor, span.start))}[REDACTED:${span.id}]`;
        cursor = span.end;
      }
      return out + text.slice(cursor);
    }),
  }));
}
