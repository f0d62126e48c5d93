import { KalguardError } from '../errors';

/**
 * Characters an operator-supplied path may contain in a generated AppArmor profile. Everything
 * here is literal in AppArmor's pattern syntax. Quoting does NOT make `* ? [ ] { } ^` literal
 * (AppArmor globs inside quotes too), `@{` starts a variable, `"` and `\` end or escape the
 * quoted string, `#` starts a comment in an unquoted one, and whitespace or a newline would end
 * the rule. So a path that needs any of those is refused rather than escaped: `/etc/kalguard/*`
 * or `/var/log/kalguard/**` must never turn a one-file rule into a wildcard.
 */
const LITERAL_PATH = /^[A-Za-z0-9._+@%=:~/-]+$/;
const UNSAFE_CHARACTER = /[^A-Za-z0-9._+@%=:~/-]/;
const MAX_PATH_LENGTH = 4096;
const PROFILE_NAME = /^[a-z][a-z0-9._-]{0,63}$/;

export type PathKind = 'file' | 'directory';

/**
 * Returns the path in canonical form (no trailing slash) or throws ERR_USAGE naming what is wrong.
 * `..` and `.` segments are refused too: AppArmor matches the resolved path, so a rule for
 * `/etc/kalguard/../policy.json` would silently never match (and the sidecar fail to start).
 */
export function validateProfilePath(label: string, path: string, kind: PathKind): string {
  const fail = (state: string) => new KalguardError('ERR_USAGE', `Cannot generate the AppArmor profile: the ${label} ${JSON.stringify(path)} ${state}`);
  if (path.length === 0) throw fail('is empty');
  if (path.length > MAX_PATH_LENGTH) throw fail(`is longer than ${MAX_PATH_LENGTH} characters`);
  if (!path.startsWith('/')) throw fail('is not absolute (AppArmor rules match absolute paths)');
  const bad = UNSAFE_CHARACTER.exec(path);
  if (bad !== null) throw fail(`contains ${JSON.stringify(bad[0])}, which AppArmor would not read literally (allowed: letters, digits and / . _ - + @ % = : ~)`);
  const trimmed = kind === 'directory' && path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const segments = trimmed.split('/').slice(1);
  if (trimmed === '/' || segments.length === 0) throw fail(kind === 'directory' ? 'is the root directory (the rule would cover every file)' : 'is not a file');
  if (segments.some((s) => s === '')) throw fail(kind === 'file' && trimmed.endsWith('/') ? 'ends with "/" (a file is expected)' : 'contains an empty segment ("//")');
  if (segments.some((s) => s === '.' || s === '..')) throw fail('contains a "." or ".." segment (give the resolved path)');
  if (!LITERAL_PATH.test(trimmed)) throw fail('is not a literal path');
  return trimmed;
}

export function validateProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) {
    throw new KalguardError('ERR_USAGE', `Cannot generate the AppArmor profile: the profile name ${JSON.stringify(name)} must be 1-64 characters of a-z, 0-9, . _ - starting with a letter`);
  }
  return name;
}

/** True if `inner` is `outer` or lies below it (both canonical: absolute, no trailing slash). */
export function isWithin(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(`${outer}/`);
}
