import type { CompiledPolicy, CompiledRule, PolicyDecision, PolicyRequest } from './types';

/**
 * Decides a request: the first rule whose every present condition matches decides; when none
 * does, the policy's default decision applies (ruleId "default"). Pure, and never throws.
 */
export function evaluatePolicy(policy: CompiledPolicy, request: PolicyRequest): PolicyDecision {
  try {
    assertRequest(request);
    for (const rule of policy.rules) {
      if (ruleMatches(rule, request)) return decide(policy, rule.decision, rule.id, rule.reason);
    }
    return decide(policy, policy.defaultDecision, 'default', policy.defaultReason);
  } catch (error) {
    // A decision path that cannot decide must deny: answering "allow" (or nothing) because a
    // matcher broke would let a request through that the policy never looked at.
    return errorDecision(policy, error);
  }
}

/** Must not throw itself, even when the policy object is what is broken. */
function errorDecision(policy: CompiledPolicy, error: unknown): PolicyDecision {
  let message = 'unknown error';
  let policyHash = 'unknown';
  let policyVersion = 'unknown';
  try {
    message = error instanceof Error ? error.message : String(error);
    policyHash = String(policy.hash);
    policyVersion = String(policy.version);
  } catch {
    // Keep "unknown": the denial matters more than its labels.
  }
  return { decision: 'deny', ruleId: 'error', reason: `policy.evaluation_error: ${message}`, policyHash, policyVersion };
}

function ruleMatches(rule: CompiledRule, request: PolicyRequest): boolean {
  if (rule.actions !== undefined && !rule.actions.has(request.action)) return false;
  if (rule.matchAgent !== undefined && !rule.matchAgent(request.agentId)) return false;
  if (rule.matchTool !== undefined) {
    // A rule about tools says nothing about requests without one (prompt:check): it cannot match them.
    if (request.toolName === undefined || !rule.matchTool(request.toolName)) return false;
  }
  return true;
}

/**
 * The server validates requests, but this core is also called from the CLI and tests: a request
 * it does not understand is an error (and so a denial), never a silent partial match.
 */
function assertRequest(request: PolicyRequest): void {
  if (typeof request.agentId !== 'string') throw new TypeError('request.agentId must be a string');
  if (request.action !== 'prompt:check' && request.action !== 'tool:execute') {
    throw new TypeError(`unknown action ${JSON.stringify(request.action)}`);
  }
  if (request.toolName !== undefined && typeof request.toolName !== 'string') {
    throw new TypeError('request.toolName must be a string');
  }
}

function decide(policy: CompiledPolicy, decision: PolicyDecision['decision'], ruleId: string, reason: string): PolicyDecision {
  return { decision, ruleId, reason, policyHash: policy.hash, policyVersion: policy.version };
}
