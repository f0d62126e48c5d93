import type { CompiledPolicy } from './types';

/**
 * The policy served when no policy file is configured: no rules, one default. Denying is the
 * default (KALGUARD_POLICY_DEFAULT_DENY=true); allow-all exists only as an explicit opt-out.
 */
export function builtinPolicy(defaultDeny: boolean): CompiledPolicy {
  const decision = defaultDeny ? 'deny' : 'allow';
  return Object.freeze({
    version: 'builtin',
    hash: defaultDeny ? 'builtin:deny-all' : 'builtin:allow-all',
    source: 'builtin',
    defaultDecision: decision,
    defaultReason: `no policy file configured: the built-in policy ${defaultDeny ? 'denies' : 'allows'} everything`,
    rules: Object.freeze([]),
    tools: undefined,
  });
}
