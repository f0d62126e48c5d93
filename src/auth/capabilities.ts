import type { AgentPrincipal } from './types';

/**
 * Exact string match only. Wildcards (`*`, `tool:*`) are deliberately not supported: a capability
 * is a grant written into a signed token, and a pattern grant silently widens whenever a new
 * capability is added to the sidecar. Tokens must list what they may do.
 */
export function hasCapability(principal: AgentPrincipal, capability: string): boolean {
  return principal.capabilities.includes(capability);
}
