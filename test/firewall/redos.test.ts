import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSync } from 'recheck';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_DETECTORS, SECRET_PATTERNS } from '../../src/firewall';
import { NORMALIZE_PATTERNS } from '../../src/firewall/normalize';

/*
 * The firewall is linear-time only if every regular expression it runs is. This file proves each
 * one safe with recheck (automaton analysis, or fuzzing where that does not apply): the detectors'
 * patterns, SECRET_PATTERNS, NORMALIZE_PATTERNS, any RegExp a firewall module exports, and every
 * regex literal in the source. A heuristic guard against a regex built where the check cannot see
 * it: a file that contains a regex must hand its patterns to a `patterns` / `*_PATTERNS` list.
 */

const FIREWALL = fileURLToPath(new URL('../../src/firewall', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

interface Checked {
  readonly owner: string;
  readonly pattern: RegExp;
}

const key = (r: RegExp) => `/${r.source}/${r.flags}`;

/** Exports that are a RegExp or a list of them, from every firewall module (e.g. a future SANITIZE_PATTERNS). */
async function exportedPatterns(): Promise<Checked[]> {
  const found: Checked[] = [];
  for (const file of sourceFiles(FIREWALL)) {
    const module = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      const list = Array.isArray(value) ? value : [value];
      for (const item of list) if (item instanceof RegExp) found.push({ owner: `${relative(FIREWALL, file)}:${name}`, pattern: item });
    }
  }
  return found;
}

let checked: Checked[] = [];
beforeAll(async () => {
  checked = [
    ...ALL_DETECTORS.flatMap((d) => d.patterns.map((pattern) => ({ owner: `detector ${d.name}`, pattern }))),
    ...SECRET_PATTERNS.map((pattern) => ({ owner: 'SECRET_PATTERNS', pattern })),
    ...NORMALIZE_PATTERNS.map((pattern) => ({ owner: 'NORMALIZE_PATTERNS', pattern })),
    ...(await exportedPatterns()),
  ];
});

function unique(list: readonly Checked[]): Checked[] {
  const byKey = new Map<string, Checked>();
  for (const c of list) if (!byKey.has(key(c.pattern))) byKey.set(key(c.pattern), c);
  return [...byKey.values()];
}

describe('every firewall regex is ReDoS-safe', () => {
  it('collects every pattern (the list grows with the detectors)', () => {
    const declared = ALL_DETECTORS.reduce((n, d) => n + d.patterns.length, 0) + SECRET_PATTERNS.length + NORMALIZE_PATTERNS.length;
    expect(NORMALIZE_PATTERNS.length).toBeGreaterThan(0);
    expect(SECRET_PATTERNS.length).toBeGreaterThan(0);
    expect(checked.length).toBeGreaterThanOrEqual(declared);
  });

  it('proves each pattern safe with recheck', { timeout: 600_000 }, () => {
    const unsafe: string[] = [];
    for (const { owner, pattern } of unique(checked)) {
      const result = checkSync(pattern.source, pattern.flags, { timeout: 30_000 });
      if (result.status === 'safe') continue;
      const attack = result.status === 'vulnerable' ? ` (${result.complexity.summary}); attack: ${result.attack.pattern}` : `: ${result.status}`;
      unsafe.push(`${owner}: ${key(pattern)}${attack}`);
    }
    expect(unsafe).toEqual([]);
  });
});

// ---- source scan -------------------------------------------------------------------------

const REGEX_CAN_FOLLOW = new Set([...'(,=:[!&|?{};+-*%<>~^']);
const REGEX_AFTER_WORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await']);

/**
 * Regex literals in TypeScript source, found with a small lexer: strings, template literals and
 * comments are skipped; a `/` starts a regex where an expression may start (after an operator, a
 * bracket or a keyword), and is a division elsewhere.
 */
export function regexLiterals(code: string): string[] {
  const found: string[] = [];
  let previous = ';';
  let word = '';
  let i = 0;
  const skipQuoted = (quote: string) => {
    for (i++; i < code.length && code[i] !== quote; i++) if (code[i] === '\\') i++;
    i++;
  };
  while (i < code.length) {
    const c = code[i]!;
    if (c === '/' && code[i + 1] === '/') {
      while (i < code.length && code[i] !== '\n') i++;
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? code.length : end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      skipQuoted(c);
      previous = 'x';
      word = '';
    } else if (c === '/' && (REGEX_CAN_FOLLOW.has(previous) || REGEX_AFTER_WORDS.has(word))) {
      let j = i + 1;
      let inClass = false;
      for (; j < code.length && code[j] !== '\n'; j++) {
        if (code[j] === '\\') j++;
        else if (code[j] === '[') inClass = true;
        else if (code[j] === ']') inClass = false;
        else if (code[j] === '/' && !inClass) break;
      }
      found.push(code.slice(i + 1, j));
      i = j + 1;
      while (i < code.length && /[a-z]/.test(code[i]!)) i++;
      previous = 'x';
      word = '';
    } else {
      if (/\s/.test(c)) {
        i++;
        continue;
      }
      word = /[\w$]/.test(c) ? (/[\w$]/.test(previous) ? word + c : c) : '';
      previous = c;
      i++;
    }
  }
  return found;
}

describe('no regex escapes the check', () => {
  it('finds regex literals and not divisions or strings (the scanner itself)', () => {
    const code = "const a = /x+y/g; const b = c / d / e; // /not/\nconst s = '/no/'; if (/^z$/.test(s)) f(`/no/${a}`); return /w\\/[/]/i;";
    expect(regexLiterals(code)).toEqual(['x+y', '^z$', 'w\\/[/]']);
  });

  it('every regex literal in src/firewall is ReDoS-safe too, listed or not', { timeout: 120_000 }, () => {
    const unsafe: string[] = [];
    const seen = new Set(checked.map((c) => c.pattern.source));
    for (const file of sourceFiles(FIREWALL)) {
      for (const literal of regexLiterals(readFileSync(file, 'utf8'))) {
        const source = new RegExp(literal).source;
        if (seen.has(source)) continue;
        seen.add(source);
        const result = checkSync(source, '', { timeout: 30_000 });
        if (result.status !== 'safe') unsafe.push(`${relative(FIREWALL, file)}: /${literal}/ ${result.status}`);
      }
    }
    expect(unsafe).toEqual([]);
  });

  it('every file with a regex hands its patterns to a `patterns` / `*_PATTERNS` list', () => {
    const unlisted = sourceFiles(FIREWALL)
      .filter((file) => {
        const code = readFileSync(file, 'utf8');
        const hasRegex = /\bnew RegExp\(/.test(code) || regexLiterals(code).length > 0;
        return hasRegex && !/\bpatterns\b|_PATTERNS\b/.test(code);
      })
      .map((file) => relative(FIREWALL, file));
    expect(unlisted).toEqual([]);
  });
});
