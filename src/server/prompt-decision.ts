import type { Finding, PromptVerdict, RiskLevel } from '../firewall';
import type { PolicyDecision } from '../policy';

export type PromptAction = 'allow' | 'sanitize' | 'block' | 'deny';
export type PromptReasonCode = 'prompt.allowed' | 'prompt.sanitized' | 'prompt.blocked' | 'prompt.denied_by_policy';

export interface PromptDecision {
  readonly allowed: boolean;
  readonly action: PromptAction;
  readonly code: PromptReasonCode;
  readonly reason: string | undefined;
  readonly riskScore: number;
  readonly riskLevel: RiskLevel;
  readonly findings: readonly Finding[];
  readonly ruleId: string;
  readonly policyHash: string;
  readonly policyVersion: string;
}

/**
 * Combines the policy's say (may this agent send prompts at all?) with the firewall's verdict.
 * Pure. The policy is asked first and wins: a denied agent's prompt is not forwarded whatever its
 * score, but it is still scored so that the audit shows what the agent attempted.
 */
export function decidePrompt(policy: PolicyDecision, verdict: PromptVerdict): PromptDecision {
  const base = {
    riskScore: verdict.riskScore,
    riskLevel: verdict.riskLevel,
    findings: verdict.findings,
    ruleId: policy.ruleId,
    policyHash: policy.policyHash,
    policyVersion: policy.policyVersion,
  };
  const top = verdict.topFindingId ?? 'none';
  if (policy.decision !== 'allow') {
    return { ...base, allowed: false, action: 'deny', code: 'prompt.denied_by_policy', reason: `prompt denied by policy: ${policy.reason}` };
  }
  if (verdict.action === 'block') {
    return { ...base, allowed: false, action: 'block', code: 'prompt.blocked', reason: `prompt blocked: ${top}` };
  }
  if (verdict.action === 'sanitize') {
    return { ...base, allowed: true, action: 'sanitize', code: 'prompt.sanitized', reason: `prompt sanitized: ${top}` };
  }
  return { ...base, allowed: true, action: 'allow', code: 'prompt.allowed', reason: undefined };
}
