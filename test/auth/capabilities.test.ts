import { describe, expect, it } from 'vitest';
import { CAPABILITIES, hasCapability, type AgentPrincipal } from '../../src/auth';

const principal = (capabilities: readonly string[]): AgentPrincipal => ({
  agentId: 'a',
  issuer: undefined,
  capabilities,
  metadata: undefined,
  expiresAt: 0,
  verifiedWithPreviousSecret: false,
});

describe('hasCapability', () => {
  it.each([
    { caps: ['tool:execute'], wanted: CAPABILITIES.toolExecute, expected: true },
    { caps: ['prompt:send'], wanted: CAPABILITIES.toolExecute, expected: false },
    { caps: [], wanted: CAPABILITIES.promptSend, expected: false },
    // Wildcards are deliberately not a thing: a pattern grant widens silently.
    { caps: ['*'], wanted: CAPABILITIES.toolExecute, expected: false },
    { caps: ['tool:*'], wanted: CAPABILITIES.toolExecute, expected: false },
    { caps: ['TOOL:EXECUTE'], wanted: CAPABILITIES.toolExecute, expected: false },
    { caps: ['tool:execute '], wanted: CAPABILITIES.toolExecute, expected: false },
  ])('$caps grants $wanted: $expected', ({ caps, wanted, expected }) => {
    expect(hasCapability(principal(caps), wanted)).toBe(expected);
  });
});
