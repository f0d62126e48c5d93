import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSandboxExecProfile, SANDBOX_EXEC_PARAMS } from '../../src/profiles';
import { runCli } from '../helpers/sidecar-process';

// There is no macOS here, so sandbox-exec never sees this profile in CI: its structure is checked
// instead, by a small reader of SBPL's s-expressions, and the checker is shown to catch defects.
const GOLDEN = new URL('../../os/macos/kalguard-sidecar.sb', import.meta.url);
const REGENERATE = 'dist/kalguard-sidecar sandbox-profile os/macos/kalguard-sidecar.sb';

type Form = string | { readonly str: string } | Form[];

/** Reads SBPL: lists, "strings" (with \ escapes), #"regex" strings, ; comments, atoms. */
function readSbpl(text: string): Form[] {
  const stack: Form[][] = [[]];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ';') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(') {
      stack.push([]);
      i++;
    } else if (ch === ')') {
      if (stack.length === 1) throw new Error(`unbalanced ")" at offset ${i}`);
      const done = stack.pop()!;
      stack.at(-1)!.push(done);
      i++;
    } else if (ch === '"' || (ch === '#' && text[i + 1] === '"')) {
      let j = ch === '#' ? i + 2 : i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') j++;
        value += text[j] ?? '';
        j++;
      }
      if (j >= text.length) throw new Error(`unterminated string at offset ${i}`);
      stack.at(-1)!.push({ str: value });
      i = j + 1;
    } else {
      const m = /^[^\s()";]+/.exec(text.slice(i))!;
      stack.at(-1)!.push(m[0]);
      i += m[0].length;
    }
  }
  if (stack.length !== 1) throw new Error(`${stack.length - 1} unclosed "("`);
  return stack[0]!;
}

const isList = (f: Form): f is Form[] => Array.isArray(f);
const isString = (f: Form): f is { readonly str: string } => typeof f === 'object' && !Array.isArray(f);
const show = (f: Form): string => (isList(f) ? `(${f.map(show).join(' ')})` : isString(f) ? JSON.stringify(f.str) : f);
function* walk(f: Form): Generator<Form> {
  yield f;
  if (isList(f)) for (const g of f) yield* walk(g);
}

/** Literal paths the profile may name: the OS's own locations, never an operator's. */
const SYSTEM_PATHS = [/^\/$/, /^\/(etc|tmp|var)$/, /^\/usr\/lib$/, /^\/System\//, /^\/dev\/(null|u?random)$/, /^\/private\/etc\/(localtime|hosts|ssl\/openssl\.cnf)$/, /^\/private\/var\/db\/(timezone|dyld)$/, /^\/usr\/share\/(zoneinfo|icu)$/, /^\/usr\/local\/ssl\/openssl\.cnf$/, /^\/Library\/Preferences\/Logging$/];
const OPERATIONS_NEVER_ALLOWED = ['default', 'file-write*', 'file-write-unlink', 'process-exec', 'process-exec*', 'process-fork', 'network*', 'network-outbound*', 'system-socket', 'mach-register', 'file*', 'process*'];

/** Every problem found in an SBPL profile; empty means it passes. */
function checkSbpl(text: string): string[] {
  let forms: Form[];
  try {
    forms = readSbpl(text);
  } catch (error) {
    return [`not readable: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  if (forms.some((f) => !isList(f))) problems.push('a top-level form is not a list');
  if (show(forms[0] ?? '') !== '(version 1)') problems.push('the first form is not (version 1)');
  if (show(forms[1] ?? '') !== '(deny default)') problems.push('the second form is not (deny default)');
  const params = new Set<string>();
  for (const form of forms.slice(2)) {
    if (!isList(form) || form[0] !== 'allow') problems.push(`only allow rules may follow (deny default): ${show(form)}`);
    if (isList(form)) for (const op of form.slice(1).filter((f) => typeof f === 'string')) if (OPERATIONS_NEVER_ALLOWED.includes(op as string)) problems.push(`allows ${op as string}`);
    for (const node of walk(form)) {
      if (isList(node) && node[0] === 'param') {
        const name = node[1];
        if (name === undefined || !isString(name) || !(name.str in SANDBOX_EXEC_PARAMS)) problems.push(`unknown parameter ${show(node)}`);
        else params.add(name.str);
      }
      if (isString(node) && node.str.startsWith('/') && !SYSTEM_PATHS.some((p) => p.test(node.str))) problems.push(`interpolated path ${JSON.stringify(node.str)}`);
      if (isString(node) && /kalguard|\/var\/log|\/usr\/local\/bin|\d{2,5}$/.test(node.str)) problems.push(`operator value in the text: ${JSON.stringify(node.str)}`);
    }
  }
  for (const name of Object.keys(SANDBOX_EXEC_PARAMS)) if (!params.has(name)) problems.push(`parameter ${name} is never used`);
  return problems;
}

const profile = generateSandboxExecProfile();
const rules = readSbpl(profile).map(show);

describe('sandbox-exec profile: the committed file', () => {
  it(`os/macos/kalguard-sidecar.sb is the generator's output (regenerate: ${REGENERATE})`, () => {
    expect(readFileSync(GOLDEN, 'utf8')).toBe(profile);
  });

  it('the built binary prints the same profile and writes it to FILE', async () => {
    const printed = await runCli(['sandbox-profile']);
    expect(printed).toMatchObject({ code: 0, stderr: '', stdout: profile });
    const out = join(mkdtempSync(join(tmpdir(), 'kg-sbpl-')), 'kalguard-sidecar.sb');
    expect(await runCli(['sandbox-profile', out])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toBe(profile);
  });
});

describe('sandbox-exec profile: structure', () => {
  it('passes the checker: balanced, (version 1) then (deny default), only allows, params only', () => {
    expect(checkSbpl(profile)).toEqual([]);
  });

  it.each([
    ['the required clause', '(allow dynamic-code-generation)'],
    ['', '(allow file-read* file-map-executable (literal (param "BINARY_PATH")))'],
    ['', '(allow file-read* (subpath (param "POLICY_DIR")))'],
    ['', '(allow file-read* file-write-create file-write-data (subpath (param "AUDIT_DIR")))'],
    ['', '(allow network-bind network-inbound (local tcp (string-append "*:" (param "PORT"))))'],
    ['', '(allow network-outbound (remote tcp (string-append "localhost:" (param "PORT"))))'],
    ['', '(allow signal (target self))'],
    ['', '(allow process-info* (target self))'],
  ])('%s %s is present', (_label, rule) => {
    expect(rules).toContain(rule);
  });

  it('the policy directory is never writable, and nothing outside the audit directory is', () => {
    const writes = rules.filter((r) => /file-write/.test(r));
    expect(writes.filter((r) => !r.includes('(literal "/dev/null")'))).toEqual(['(allow file-read* file-write-create file-write-data (subpath (param "AUDIT_DIR")))']);
  });

  it('documents every parameter in its header', () => {
    for (const name of Object.keys(SANDBOX_EXEC_PARAMS)) expect(profile).toMatch(new RegExp(`^;;   ${name}: `, 'm'));
  });

  // The checker must be able to fail: each variant is the real profile with one defect.
  it.each([
    ['an unbalanced parenthesis', (p: string) => p.replace('(allow dynamic-code-generation)', '(allow dynamic-code-generation')],
    ['a stray closing parenthesis', (p: string) => p.replace('(allow dynamic-code-generation)', '(allow dynamic-code-generation))')],
    ['an unterminated string', (p: string) => p.replace('(subpath "/usr/lib")', '(subpath "/usr/lib)')],
    ['an interpolated operator path', (p: string) => p.replace('(subpath (param "AUDIT_DIR"))', '(subpath "/var/log/kalguard")')],
    ['an interpolated port', (p: string) => p.replace('(string-append "*:" (param "PORT"))', '"*:9292"')],
    ['an unknown parameter', (p: string) => p.replace('(param "POLICY_DIR")', '(param "POLICY_PATH")')],
    ['allow default', (p: string) => p.replace('(deny default)', '(allow default)')],
    ['deny default not first', (p: string) => p.replace('(version 1)\n(deny default)', '(version 1)\n(allow dynamic-code-generation)\n(deny default)')],
    ['process-exec allowed', (p: string) => p.replace('(allow dynamic-code-generation)', '(allow dynamic-code-generation)\n(allow process-exec)')],
    ['broad file writes', (p: string) => p.replace('file-write-create file-write-data', 'file-write*')],
  ])('the checker catches %s', (_name, mutate) => {
    const variant = mutate(profile);
    expect(variant).not.toBe(profile);
    expect(checkSbpl(variant)).not.toEqual([]);
  });

  it('has no comment that could swallow a form: comments run to end of line only', () => {
    // A ";" inside a string would be data, not a comment; the profile has none, so the reader's
    // view (forms) and a naive line view agree on where every rule starts.
    for (const line of profile.split('\n')) if (line.includes(';')) expect(line.trimStart().startsWith(';;'), line).toBe(true);
  });
});
