export const ARCHES: readonly string[];
export function parseSyscallList(text: string): string[];
export function readTracedLists(root: string): Record<string, { sidecar: string[]; exec: string[] }>;
export function renderTracedModule(lists: Record<string, { sidecar: readonly string[]; exec: readonly string[] }>): string;
