/**
 * Compiles a glob where `*` matches any sequence of characters (including none) and every other
 * character is literal. There is no escape and no `?`: agent ids and tool names are plain names.
 *
 * No regular expression is built. `a*a*a*b` as `^a.*a.*a.*b$` backtracks polynomially on a long run
 * of `a`s, and both the pattern (policy) and the value (request) can be long. Instead the pattern is
 * split on `*`: the value must start with the first segment, end with the last, and contain the
 * middle segments in order between them. Taking the leftmost occurrence of each middle segment is
 * always right for star-only globs (an earlier match leaves more room for the rest), so each
 * segment is searched once, left to right, with no backtracking.
 */
export function compileGlob(pattern: string): (value: string) => boolean {
  if (!pattern.includes('*')) return (value) => value === pattern;
  const segments = pattern.split('*');
  const prefix = segments[0] ?? '';
  const suffix = segments[segments.length - 1] ?? '';
  const middle = segments.slice(1, -1).filter((s) => s !== '');
  if (prefix === '' && suffix === '' && middle.length === 0) return () => true;
  const fixedLength = prefix.length + suffix.length;

  return (value) => {
    if (value.length < fixedLength || !value.startsWith(prefix) || !value.endsWith(suffix)) return false;
    // Middle segments must fit between the prefix and the suffix, not overlap them.
    const end = value.length - suffix.length;
    let position = prefix.length;
    for (const segment of middle) {
      const found = value.indexOf(segment, position);
      if (found === -1 || found + segment.length > end) return false;
      position = found + segment.length;
    }
    return true;
  };
}

/**
 * Compiles a list of globs into one matcher that accepts a value when any of them does. Literal
 * names (the common case) become one set lookup.
 */
export function compileGlobList(patterns: readonly string[]): (value: string) => boolean {
  const literals = new Set(patterns.filter((p) => !p.includes('*')));
  const globs = patterns.filter((p) => p.includes('*')).map(compileGlob);
  if (globs.length === 0) return (value) => literals.has(value);
  return (value) => literals.has(value) || globs.some((matches) => matches(value));
}
