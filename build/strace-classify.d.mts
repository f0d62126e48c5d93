export function classifyTraces(dir: string, binary: string): { own: Set<string>; children: Set<string> };
