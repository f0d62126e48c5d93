import type { ErrorDetail } from '../errors';
import type { PolicyAction, PolicyDocument, PolicyRuleDocument } from './types';

const ALL_ACTIONS: readonly PolicyAction[] = ['prompt:check', 'tool:execute'];

/**
 * Warnings about a valid policy: rules that can never match because an earlier rule already
 * matches everything they would, and a policy that can allow nothing. Conservative: a rule is
 * reported shadowed only when that is certain (glob containment is judged on simple cases).
 */
export function analyzePolicy(doc: PolicyDocument): ErrorDetail[] {
  const warnings: ErrorDetail[] = [];
  doc.rules.forEach((rule, i) => {
    const earlier = doc.rules.slice(0, i).findIndex((candidate) => covers(candidate, rule));
    if (earlier >= 0) {
      const by = doc.rules[earlier]!;
      warnings.push({
        path: `rules[${i}]`,
        message: `rule "${rule.id}" can never match: rule "${by.id}" (rules[${earlier}]) comes first and matches everything it would${by.decision === rule.decision ? '' : `, with the opposite decision (${by.decision})`}`,
      });
    }
  });
  const defaultDecision = doc.defaultDecision ?? 'deny';
  if (defaultDecision === 'deny' && !doc.rules.some((r) => r.decision === 'allow')) {
    warnings.push({ path: 'rules', message: 'the policy can allow nothing: no rule allows and the default decision is deny' });
  }
  return warnings;
}

/** Does rule `a` match every request that rule `b` matches? */
function covers(a: PolicyRuleDocument, b: PolicyRuleDocument): boolean {
  return coversList(a.match.agentIds, b.match.agentIds) && coversActions(a, b) && coversTools(a, b);
}

function coversActions(a: PolicyRuleDocument, b: PolicyRuleDocument): boolean {
  const aActions = a.match.actions ?? ALL_ACTIONS;
  return actionsOf(b).every((action) => aActions.includes(action));
}

/** A rule with `tools` only ever matches tool calls. */
function actionsOf(rule: PolicyRuleDocument): readonly PolicyAction[] {
  const actions = rule.match.actions ?? ALL_ACTIONS;
  return rule.match.tools === undefined ? actions : actions.filter((x) => x === 'tool:execute');
}

function coversTools(a: PolicyRuleDocument, b: PolicyRuleDocument): boolean {
  if (a.match.tools === undefined) return true;
  // `a` only matches tool calls: it cannot cover a `b` that also matches prompt checks.
  if (actionsOf(b).includes('prompt:check')) return false;
  return coversList(a.match.tools, b.match.tools);
}

/** undefined = any value. */
function coversList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined) return true;
  if (b === undefined) return a.includes('*');
  return b.every((pattern) => a.some((candidate) => globCovers(candidate, pattern)));
}

/** Certain cases only: `*`, equality, `prefix*` over anything starting with the prefix, a glob over a literal. */
function globCovers(general: string, specific: string): boolean {
  if (general === '*' || general === specific) return true;
  const star = general.indexOf('*');
  if (star < 0) return false;
  if (star === general.length - 1) return specific.startsWith(general.slice(0, -1));
  if (specific.includes('*')) return false;
  const [head, ...rest] = general.split('*');
  let at = head!.length;
  if (!specific.startsWith(head!)) return false;
  for (let k = 0; k < rest.length; k++) {
    const part = rest[k]!;
    if (k === rest.length - 1) return specific.length - part.length >= at && specific.endsWith(part);
    const found = specific.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return true;
}
