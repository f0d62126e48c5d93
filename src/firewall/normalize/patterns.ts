/*
 * Every RegExp the normaliser uses, defined here and listed in NORMALIZE_PATTERNS for the ReDoS
 * check in the test suite. The main pass uses none: it is a loop over code units with lookup
 * tables. These run only where the main pass saw a candidate (a %, a backslash, "&#", hex words).
 */

export const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/g;
export const BACKSLASH_ESCAPE = /\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|u\{[0-9A-Fa-f]{1,6}\})/g;
export const HTML_ENTITY = /&#(?:[xX][0-9A-Fa-f]{1,6}|[0-9]{1,7});/g;
/** Eight or more two-digit hex words: "69 67 6e 6f …", "69:67:6e:…". */
export const HEX_PAIRS = /(?<![0-9A-Za-z])(?:[0-9A-Fa-f]{2}[ :,-]){7,}[0-9A-Fa-f]{2}(?![0-9A-Za-z])/g;

/**
 * A place where words may be chained by a joiner instead of spaces ("ignore-all-previous…"): a
 * letter, a joiner, two letters, a joiner, a letter. Tested once per text (see joined-words.ts).
 */
export const JOINED_HINT = /[a-z][-_.+][a-z]{2}[a-z]{0,30}[-_.+][a-z]/g;

export const NORMALIZE_PATTERNS: readonly RegExp[] = [PERCENT_ESCAPE, BACKSLASH_ESCAPE, HTML_ENTITY, HEX_PAIRS, JOINED_HINT];
