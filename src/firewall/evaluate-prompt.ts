import { ALL_DETECTORS } from './detectors';
import { FIREWALL_LIMITS } from './limits';
import { buildViews, normalizeText } from './normalize';
import { ROLE_WEIGHT, isScoredRole } from './role-weights';
import { sanitizeMessages } from './sanitize';
import { actionFor, combineScores, riskLevelOf } from './score';
import { detectSecrets } from './secrets';
import type { Detector, Finding, PromptMessage, PromptVerdict, RawFinding, Thresholds } from './types';

export interface EvaluateOptions {
  /** Detector families to run; all of them by default (tests and the eval script narrow it). */
  readonly detectors?: readonly Detector[];
}

/**
 * The firewall: messages in, an explained verdict out. Pure and deterministic: the same input
 * always gives the same score, findings and spans. Linear in the input size.
 */
export function evaluatePrompt(messages: readonly PromptMessage[], thresholds: Thresholds, options: EvaluateOptions = {}): PromptVerdict {
  const detectors = options.detectors ?? ALL_DETECTORS;
  const findings: Finding[] = [];
  let charsSeen = 0;
  messages.forEach((message, messageIndex) => {
    if (!isScoredRole(message.role)) return;
    const roleWeight = ROLE_WEIGHT[message.role];
    message.texts.forEach((text, partIndex) => {
      charsSeen += text.length;
      const push = (raw: RawFinding, start: number, end: number, via?: string) =>
        findings.push({
          id: raw.id,
          category: raw.category,
          messageIndex,
          partIndex,
          start,
          end,
          contribution: raw.category === 'secret' ? 0 : Math.round(raw.weight * roleWeight),
          description: raw.description,
          ...(via === undefined ? {} : { via }),
        });
      if (text.length > FIREWALL_LIMITS.maxCharsPerPart || charsSeen > FIREWALL_LIMITS.maxCharsPerRequest) {
        // Unread text is not passed: fail closed (and no work is spent on it).
        push(oversized(text.length), 0, text.length);
        return;
      }
      for (const secret of detectSecrets(text)) push(secret, secret.start, secret.end);
      const normalized = normalizeText(text);
      for (const signal of normalized.signals) push(signal, signal.start, signal.end);
      const seen = new Set<string>();
      for (const view of buildViews(text, normalized)) {
        for (const detector of detectors) {
          if (detector.roles !== undefined && !detector.roles.has(message.role)) continue;
          for (const raw of detector.detect(view, { role: message.role })) {
            const [start, end] = view.mapSpan(raw.start, raw.end);
            const key = `${raw.id}:${start}:${end}`;
            if (seen.has(key)) continue;
            seen.add(key);
            push(raw, start, end, view.kind === 'normalized' ? undefined : view.kind);
          }
        }
      }
    });
  });
  return verdictFrom(messages, findings, thresholds);
}

function verdictFrom(messages: readonly PromptMessage[], findings: Finding[], thresholds: Thresholds): PromptVerdict {
  // One contribution per finding id: repeating the same phrase is not more evidence.
  const strongestById = new Map<string, number>();
  for (const f of findings) strongestById.set(f.id, Math.max(strongestById.get(f.id) ?? 0, f.contribution));
  const riskScore = combineScores([...strongestById.values()]);
  const action = actionFor(riskScore, thresholds);
  let top: Finding | undefined;
  for (const f of findings) if (f.contribution > 0 && (top === undefined || f.contribution > top.contribution)) top = f;
  const hasSecret = findings.some((f) => f.category === 'secret');
  const sanitize = action === 'sanitize' || (action === 'allow' && hasSecret);
  return {
    action,
    allowed: action !== 'block',
    riskScore,
    riskLevel: riskLevelOf(riskScore),
    findings,
    ...(top === undefined ? {} : { topFindingId: top.id }),
    // When only secrets were found, only they are redacted; at sanitize level every span is.
    ...(sanitize ? { sanitizedMessages: sanitizeMessages(messages, action === 'sanitize' ? findings : findings.filter((f) => f.category === 'secret')) } : {}),
  };
}

function oversized(length: number): RawFinding {
  return {
    id: 'input.oversized',
    category: 'input',
    start: 0,
    end: length,
    weight: 100,
    description: `text beyond the firewall's scan limits (${FIREWALL_LIMITS.maxCharsPerPart} characters per part, ${FIREWALL_LIMITS.maxCharsPerRequest} per request) is not passed unread`,
  };
}
