/**
 * Limiter keys. The two families have distinct prefixes, and the tool name is escaped so that no
 * tool name / agent id pair can spell another pair's key: unescaped, tool "a:agent:b" with agent
 * "c" and tool "a" with agent "b:agent:c" would share "tool:a:agent:b:agent:c". The agent id comes
 * last and needs no escaping: the first ":agent:" after an escaped name is the separator.
 */
export function agentRateKey(agentId: string): string {
  return `agent:${agentId}`;
}

export function toolRateKey(toolName: string, agentId: string): string {
  const escaped = toolName.replaceAll('%', '%25').replaceAll(':', '%3A');
  return `tool:${escaped}:agent:${agentId}`;
}
