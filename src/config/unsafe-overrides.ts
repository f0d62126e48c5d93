/**
 * Every way an operator can knowingly weaken a safety check. Each is a named, explicit opt-in
 * (KALGUARD_ALLOW_UNSAFE=a,b or --allow-unsafe=a,b), off by default, logged when in force, and
 * recorded in the audit's startup event. A name outside this list is a configuration error, so a
 * typo can never silently fail to apply (or silently apply something else).
 */
export const UNSAFE_OVERRIDES = {
  'no-token-secret': 'run without KALGUARD_TOKEN_SECRET: token signatures are NOT checked (expiry still is)',
  'weak-token-secret': 'accept a KALGUARD_TOKEN_SECRET shorter than 32 bytes or of low entropy',
  root: 'run as uid 0',
  'writable-policy': 'accept a policy file or directory writable by group/others or owned by another user',
  'writable-audit-dir': 'accept an audit directory writable by others',
  'default-allow': 'accept a policy whose defaultDecision is allow',
  'node-options': 'accept Node debugging or code-loading switches (--inspect, --require, --import)',
  'no-os-sandbox': 'run tool commands without OS confinement when bubblewrap/sandbox-exec is missing',
} as const;

export type UnsafeOverride = keyof typeof UNSAFE_OVERRIDES;

export const UNSAFE_OVERRIDE_NAMES = Object.keys(UNSAFE_OVERRIDES) as UnsafeOverride[];
