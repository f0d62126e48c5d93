import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layout is the architecture: imports point downward only, across folders through index.ts,
// and the decision core does no I/O except in its named edge files.
const SRC = fileURLToPath(new URL('../../src', import.meta.url));

/** Lower layers may be imported by higher ones, never the reverse. */
const LAYER: Record<string, number> = {
  errors: 0,
  util: 0,
  config: 1,
  policy: 2,
  firewall: 2,
  auth: 2,
  audit: 2,
  profiles: 2,
  safety: 2,
  tools: 3,
  sandbox: 3,
  server: 4,
  cli: 4,
  '(root)': 5,
};

/** Files in core folders that are edges by design and may touch the OS. */
const IO_EDGE_FILES = new Set([
  'policy/load-policy.ts',
  'policy/policy-store.ts',
  'policy/watch-policy-file.ts',
  'audit/file-sink.ts',
  'audit/audit-fs.ts',
  'audit/open-audit-file.ts',
  'audit/tail-recovery.ts',
  'audit/ensure-audit-directory.ts',
]);
const IO_MODULES = /^(node:)?(fs|fs\/promises|child_process|net|http|https|dgram|cluster|worker_threads)$/;
const CORE = new Set(['policy', 'firewall', 'auth', 'audit', 'tools', 'profiles']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function folderOf(file: string): string {
  const rel = relative(SRC, file).split('/');
  return rel.length === 1 ? '(root)' : rel[0]!;
}

const files = sourceFiles(SRC);
const imports = files.flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => ({ file, spec: m[1]! })),
);

describe('architecture', () => {
  it('knows every source folder', () => {
    for (const file of files) expect(LAYER[folderOf(file)], `no layer for ${relative(SRC, file)}`).toBeDefined();
  });

  it('imports point downward, and across folders only through index.ts', () => {
    const problems: string[] = [];
    for (const { file, spec } of imports) {
      if (!spec.startsWith('.')) continue;
      const target = join(file, '..', spec);
      const from = folderOf(file);
      const to = isDirectory(target) ? relative(SRC, target).split('/')[0]! : folderOf(`${target}.ts`);
      if (from === to || relative(SRC, target).startsWith('..')) continue;
      const rel = relative(SRC, target).split('/');
      if (rel.length > 1 && !(rel.length === 2 && rel[1] === 'index') && from !== '(root)' && to !== 'util') {
        problems.push(`${relative(SRC, file)} reaches into ${spec} instead of its index`);
      }
      if ((LAYER[to] ?? 99) >= (LAYER[from] ?? -1)) problems.push(`${relative(SRC, file)} (${from}) imports upward/sideways ${spec} (${to})`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps the decision core free of I/O outside its named edge files', () => {
    const problems = imports
      .filter(({ file, spec }) => CORE.has(folderOf(file)) && IO_MODULES.test(spec) && !IO_EDGE_FILES.has(relative(SRC, file)))
      .map(({ file, spec }) => `${relative(SRC, file)} imports ${spec}`);
    expect(problems).toEqual([]);
  });

  it('reads process.env only in the entry point', () => {
    const readers = files.filter((f) => /process\.env\b/.test(readFileSync(f, 'utf8'))).map((f) => relative(SRC, f));
    expect(readers).toEqual(['bin.ts']);
  });
});
