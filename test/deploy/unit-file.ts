import { execFileSync } from 'node:child_process';

/** A systemd unit file as (section, key, value) triples, in order; repeated keys stay repeated. */
export interface Directive {
  readonly section: string;
  readonly key: string;
  readonly value: string;
}

export function parseUnitFile(text: string): Directive[] {
  const directives: Directive[] = [];
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([A-Za-z]+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) directives.push({ section, key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim() });
  }
  return directives;
}

export function valuesOf(directives: readonly Directive[], key: string): string[] {
  return directives.filter((d) => d.key === key).map((d) => d.value);
}

/** The overall exposure `systemd-analyze security --offline=true` gives the unit (0.0 best, 10.0 worst). */
export function exposureOf(unitPath: string): { exposure: number; report: string } {
  const report = execFileSync('systemd-analyze', ['security', '--offline=true', '--no-pager', unitPath], { encoding: 'utf8', env: { ...process.env, SYSTEMD_COLORS: '0' } });
  const match = /Overall exposure level for \S+: (\d+\.\d)/.exec(report);
  if (!match) throw new Error(`no exposure level in systemd-analyze output:\n${report}`);
  return { exposure: Number(match[1]), report };
}

/** Every system call group as systemd knows it: `@name` → members (names and nested `@groups`). */
export function syscallGroups(): Map<string, string[]> {
  const text = execFileSync('systemd-analyze', ['syscall-filter', '--no-pager'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const groups = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('@')) groups.set(line.trim(), (current = []));
    else if (current && /^\s+[@a-z0-9_-]+$/.test(line)) current.push(line.trim());
  }
  return groups;
}

/**
 * The system calls a unit's SystemCallFilter= lines allow, as systemd combines them: the first
 * allow list, minus every `~` list, with groups expanded recursively.
 */
export function allowedSyscalls(filters: readonly string[], groups: Map<string, string[]>): Set<string> {
  const expand = (names: readonly string[], seen = new Set<string>()): string[] =>
    names.flatMap((name) => {
      if (!name.startsWith('@')) return [name];
      if (seen.has(name)) return [];
      seen.add(name);
      const members = groups.get(name);
      if (members === undefined) throw new Error(`unknown system call group ${name}`);
      return expand(members, seen);
    });
  const allowed = new Set<string>();
  for (const filter of filters.filter((f) => !f.startsWith('~'))) for (const name of expand(filter.split(/\s+/))) allowed.add(name);
  for (const filter of filters.filter((f) => f.startsWith('~'))) for (const name of expand(filter.slice(1).split(/\s+/))) allowed.delete(name);
  return allowed;
}
