import { compileGlobList } from './glob';
import { compileTools } from './compile-tools';
import { DEFAULT_REASON } from './parse-policy';
import { policyInvalid } from './policy-invalid';
import type { CompiledPolicy, CompiledRule, PolicyDocument, PolicyRuleDocument } from './types';

export interface PolicyMeta {
  /** sha256 hex of the bytes the document came from, or a "builtin:…" id. */
  readonly hash: string;
  /** The file path, or "builtin". */
  readonly source: string;
}

/**
 * Compiles a validated document into the frozen policy that requests are evaluated against:
 * globs become matchers and tool schemas become validators, once, here. Throws ERR_POLICY_INVALID
 * when a tool's JSON Schema does not compile.
 */
export function compilePolicy(doc: PolicyDocument, meta: PolicyMeta): CompiledPolicy {
  let tools: CompiledPolicy['tools'];
  if (doc.tools !== undefined) {
    const result = compileTools(doc.tools);
    if (!result.ok) throw policyInvalid(result.problems, meta.source);
    tools = result.tools;
  }
  return Object.freeze({
    version: doc.version,
    hash: meta.hash,
    source: meta.source,
    // A document built by hand (not by parsePolicy) may lack these: fall back to the safe side.
    defaultDecision: doc.defaultDecision ?? 'deny',
    defaultReason: doc.defaultReason ?? DEFAULT_REASON,
    rules: Object.freeze(doc.rules.map(compileRule)),
    tools,
  });
}

function compileRule(rule: PolicyRuleDocument): CompiledRule {
  const { agentIds, actions, tools } = rule.match;
  return Object.freeze({
    id: rule.id,
    decision: rule.decision,
    reason: rule.reason ?? `matched rule "${rule.id}"`,
    matchAgent: agentIds === undefined ? undefined : compileGlobList(agentIds),
    actions: actions === undefined ? undefined : new Set(actions),
    matchTool: tools === undefined ? undefined : compileGlobList(tools),
  });
}
