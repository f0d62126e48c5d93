import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKalguardError } from '../../src/errors';
import { APPARMOR_DEFAULTS, generateAppArmorProfile, type AppArmorProfileOptions } from '../../src/profiles';
import { runCli } from '../helpers/sidecar-process';

// The AppArmor profile is compiled by the real apparmor_parser (installed by .ci/run). This kernel
// has no AppArmor, so nothing is loaded: -Q skips the kernel load, -K/-T the cache, and the
// compiled policy is written to a file so the whole compiler runs, not just the grammar.
const GOLDEN = new URL('../../os/apparmor/kalguard-sidecar', import.meta.url);
const REGENERATE = 'dist/kalguard-sidecar apparmor-profile os/apparmor/kalguard-sidecar';
const scratch = mkdtempSync(join(tmpdir(), 'kg-apparmor-'));

// Without a kernel the parser compiles for a minimal default feature set and quietly leaves out
// what that set lacks (signal, ptrace, unix mediation): the compiled policy is about 20% smaller.
// So the profile is also compiled for each kernel feature set the apparmor package ships.
const FEATURE_SETS = ['', ...readdirSync('/etc/apparmor.d/abi').map((f) => `/etc/apparmor.d/abi/${f}`)];

function compile(profile: string, extraArgs: readonly string[] = []): { ok: boolean; stderr: string; stdout: string } {
  const file = join(scratch, `profile-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, profile);
  const r = spawnSync('apparmor_parser', ['-Q', '-K', '-T', '-o', join(scratch, 'compiled.bin'), ...extraArgs, file], { encoding: 'utf8' });
  if (r.error) throw new Error(`apparmor_parser could not run (install the apparmor package): ${r.error.message}`);
  // The parser always warns that the kernel has no AppArmor interface; anything else is real.
  const stderr = r.stderr.replace(/^Cache read\/write disabled: interface file missing.*\n/m, '');
  return { ok: r.status === 0, stderr, stdout: r.stdout };
}

function generate(overrides: Partial<AppArmorProfileOptions>): string {
  return generateAppArmorProfile({ ...APPARMOR_DEFAULTS, ...overrides });
}

function refusal(overrides: Partial<AppArmorProfileOptions>): string {
  try {
    generate(overrides);
  } catch (error) {
    if (isKalguardError(error)) {
      expect(error.code).toBe('ERR_USAGE');
      return error.message;
    }
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(overrides)}`);
}

/** The parser's own translation of each path pattern into its regex (`-D rule-exprs`). */
function ruleExpressions(profile: string): Map<string, string> {
  const r = compile(profile, ['-D', 'rule-exprs']);
  expect(r.ok, r.stderr).toBe(true);
  return new Map([...`${r.stdout}\n${r.stderr}`.matchAll(/^aare: (.*?)   ->   (.*)$/gm)].map((m) => [m[1]!, m[2]!]));
}

/** True if a parser regex matches exactly one string: every metacharacter in it is escaped. */
function isLiteralRegex(regex: string): boolean {
  for (let i = 0; i < regex.length; i++) {
    if (regex[i] === '\\') i++;
    else if ('[](){}*+?|^$.'.includes(regex[i]!)) return false;
  }
  return true;
}

describe('AppArmor profile: the committed file', () => {
  it(`os/apparmor/kalguard-sidecar is the generator's output for the defaults (regenerate: ${REGENERATE})`, () => {
    expect(readFileSync(GOLDEN, 'utf8')).toBe(generateAppArmorProfile(APPARMOR_DEFAULTS));
  });

  it('the built binary prints the same profile and writes it to FILE', async () => {
    const printed = await runCli(['apparmor-profile']);
    expect(printed).toMatchObject({ code: 0, stderr: '' });
    expect(printed.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
    const out = join(scratch, 'written');
    const written = await runCli(['apparmor-profile', out, '--binary', '/opt/kg/bin/kalguard-sidecar', '--policy', '/srv/kg/policy.json', '--audit-dir', '/srv/kg-audit/', '--name', 'kg-test']);
    expect(written).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toBe(generate({ binaryPath: '/opt/kg/bin/kalguard-sidecar', policyPath: '/srv/kg/policy.json', auditDir: '/srv/kg-audit', profileName: 'kg-test' }));
  });

  it('the CLI refuses a globbing path with one line and exit 2, and an unwritable FILE with exit 1', async () => {
    const glob = await runCli(['apparmor-profile', '--audit-dir', '/var/log/*']);
    expect(glob).toMatchObject({ code: 2, stdout: '' });
    expect(glob.stderr).toMatch(/^kalguard-sidecar: Cannot generate the AppArmor profile: the audit directory "\/var\/log\/\*" contains "\*".*\n$/);
    const unwritable = await runCli(['apparmor-profile', '/nonexistent-dir/profile']);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(/^kalguard-sidecar: Cannot write AppArmor profile to \/nonexistent-dir\/profile: .*ENOENT.*\n$/);
    const extra = await runCli(['apparmor-profile', 'a', 'b']);
    expect(extra.code).toBe(2);
    expect((await runCli(['apparmor-profile', '--bogus'])).code).toBe(2);
  });
});

describe('AppArmor profile: apparmor_parser', () => {
  it('finds the kernel feature sets to compile for (abi/3.0 at least)', () => {
    expect(FEATURE_SETS).toContain('/etc/apparmor.d/abi/3.0');
  });

  it.each(FEATURE_SETS)('compiles the committed profile and one for other paths (features: %j)', (features) => {
    const args = features === '' ? [] : ['-M', features];
    expect(compile(readFileSync(GOLDEN, 'utf8'), args)).toMatchObject({ ok: true, stderr: '' });
    expect(compile(generate({ binaryPath: '/opt/k-g/bin/kg', policyPath: '/srv/config/kg.policy.json', auditDir: '/srv/audit+log', profileName: 'kg.test-1' }), args)).toMatchObject({ ok: true, stderr: '' });
  });

  // The check must be able to fail: each variant is the real profile with one defect.
  const golden = generateAppArmorProfile(APPARMOR_DEFAULTS);
  const broken: [string, (p: string) => string][] = [
    ['unbalanced brace (closing brace removed)', (p) => p.replace(/\}\n$/, '\n')],
    ['unknown rule keyword', (p) => p.replace('  network inet stream,', '  network inet stream,\n  frobnicate /etc/passwd,')],
    ['unknown file permission', (p) => p.replace('"/var/log/kalguard/*" rw,', '"/var/log/kalguard/*" rwz,')],
    ['rule without its comma', (p) => p.replace('/etc/localtime r,', '/etc/localtime r')],
    ['undefined variable', (p) => p.replace('@{PROC}/meminfo r,', '@{NOPE}/meminfo r,')],
    ['conflicting exec modes', (p) => p.replace('/etc/localtime r,', '/etc/localtime ix,\n  /etc/localtime px,')],
    ['unknown signal', (p) => p.replace('signal (receive) peer=unconfined,', 'signal (receive) set=(bogus) peer=unconfined,')],
  ];
  it.each(broken)('rejects a variant with %s', (_name, mutate) => {
    const variant = mutate(golden);
    expect(variant).not.toBe(golden);
    for (const args of [[], ['-M', '/etc/apparmor.d/abi/3.0']]) {
      const r = compile(variant, args);
      expect(r.ok, args.join(' ')).toBe(false);
      expect(r.stderr).not.toBe('');
    }
  });

  it('compiles every operator path to a literal: no pattern can reach a rule', () => {
    const odd = { binaryPath: '/opt/a_b-c/k+g@1%2=3:4~5/kalguard-sidecar', policyPath: '/etc/k.g/p@o%l=i:c~y+1.json', auditDir: '/var/log/k_g+a@u%d=i:t~' };
    const expressions = ruleExpressions(generate(odd));
    for (const path of [odd.binaryPath, odd.policyPath, `${odd.auditDir}/`, '/etc/k.g/']) {
      const regex = expressions.get(path);
      expect(regex, `no rule for ${path}`).toBeDefined();
      expect(isLiteralRegex(regex!), `${path} -> ${regex}`).toBe(true);
      expect(regex!.replace(/\\(.)/g, '$1')).toBe(path);
    }
    // The ConfigMap rule has exactly one pattern, the timestamped directory, and nothing else.
    expect(expressions.get('/etc/k.g/..?*/p@o%l=i:c~y+1.json')).toBe('/etc/k\\.g/\\.\\.[^/\\x00][^/\\x00]*/p@o%l=i:c~y\\+1\\.json');
  });

  it('the counterfactual: without validation a "*" in a path would become a pattern', () => {
    const widened = readFileSync(GOLDEN, 'utf8').replaceAll('/etc/kalguard/policy.json', '/etc/kalguard/*');
    const regex = ruleExpressions(widened).get('/etc/kalguard/*');
    expect(isLiteralRegex(regex!)).toBe(false);
  });
});

describe('AppArmor profile: operator paths are refused rather than escaped', () => {
  it.each(['*', '?', '[', ']', '{', '}', '^', '"', '\\', '#', ' ', '\t', '\n', ',', '$', '!', "'", '\u00e9', '\0'])('refuses %j in a path', (ch) => {
    for (const field of ['binaryPath', 'policyPath', 'auditDir'] as const) {
      const path = field === 'auditDir' ? `/var/log/kg${ch}x` : `/opt/kg${ch}x/file`;
      expect(refusal({ [field]: path })).toMatch(/^Cannot generate the AppArmor profile: the .* contains /);
    }
  });

  it.each([
    [{ policyPath: 'policy.json' }, /is not absolute/],
    [{ policyPath: '' }, /is empty/],
    [{ policyPath: '/etc/kalguard/../policy.json' }, /"\." or "\.\." segment/],
    [{ auditDir: '/var/log/./kalguard' }, /"\." or "\.\." segment/],
    [{ binaryPath: '/usr//bin/kalguard-sidecar' }, /empty segment/],
    [{ policyPath: '/etc/kalguard/' }, /ends with "\/"/],
    [{ auditDir: '/' }, /root directory/],
    [{ auditDir: '/etc/kalguard' }, /policy path .* is inside the audit directory/],
    [{ auditDir: '/usr/local' }, /binary path .* is inside the audit directory/],
    [{ policyPath: `/${'a'.repeat(5000)}` }, /longer than 4096/],
    [{ profileName: 'Kalguard' }, /profile name/],
    [{ profileName: 'kg sidecar' }, /profile name/],
    [{ profileName: 'kg{,x}' }, /profile name/],
  ] as [Partial<AppArmorProfileOptions>, RegExp][])('refuses %j', (overrides, message) => {
    expect(refusal(overrides)).toMatch(message);
  });

  it('accepts a trailing slash on the audit directory and writes the same profile', () => {
    expect(generate({ auditDir: '/var/log/kalguard/' })).toBe(generate({ auditDir: '/var/log/kalguard' }));
  });
});
