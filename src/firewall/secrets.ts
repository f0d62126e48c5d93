import type { RawFinding } from './types';

/*
 * Credentials pasted into prompts. They are reported and redacted from sanitizedMessages, but they
 * add nothing to the injection score: leaking a key to a model provider is a data-loss problem,
 * not an attack on the model. Matched on the ORIGINAL text (keys are case-sensitive).
 *
 * Linear by construction: a regex only finds a short literal prefix (each one proved safe by
 * recheck's exact checker); the key's body is then read by a plain loop over a character class.
 * A key may only start where a run of its characters starts, so prefixes inside one long run are
 * rejected in O(1) and no character is scanned more than a bounded number of times.
 */
type CharClass = (code: number) => boolean;

const isUpperOrDigit: CharClass = (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
const isAlnum: CharClass = (c) => isUpperOrDigit(c) || (c >= 97 && c <= 122);
const isAlnumUnderscore: CharClass = (c) => isAlnum(c) || c === 95;
const isBase64Url: CharClass = (c) => isAlnumUnderscore(c) || c === 45;
const isAlnumDash: CharClass = (c) => isAlnum(c) || c === 45;
const isBase64: CharClass = (c) => isAlnum(c) || c === 43 || c === 47 || c === 61;

interface SecretRule {
  readonly id: string;
  readonly description: string;
  readonly prefix: RegExp;
  /** Reads the key after the prefix; returns its end, or -1 when what follows is not a key. */
  readonly body: (text: string, from: number) => number;
  /** Characters of the token run the key belongs to (for the run-start rule). */
  readonly runClass: CharClass;
}

/** Reads [min, max] characters of a class; the key must end there (no longer run). */
function run(cls: CharClass, min: number, max: number, exact = false) {
  return (text: string, from: number): number => {
    let i = from;
    while (i < text.length && i - from < max && cls(text.charCodeAt(i))) i++;
    const n = i - from;
    if (n < min || (i < text.length && cls(text.charCodeAt(i)) && (exact || n >= max))) return -1;
    return i;
  };
}

function jwtBody(text: string, from: number): number {
  const header = run(isBase64Url, 10, 4096)(text, from);
  if (header < 0 || text[header] !== '.' || !text.startsWith('eyJ', header + 1)) return -1;
  const payload = run(isBase64Url, 10, 16384)(text, header + 4);
  if (payload < 0 || text[payload] !== '.') return -1;
  return run(isBase64Url, 16, 1024)(text, payload + 1);
}

/** `aws_secret_access_key = "…"`: optional quote, spaces, `:` or `=`, spaces, quote, 40 base64 chars. */
function awsSecretBody(text: string, from: number): number {
  let i = from;
  if (text[i] === '"' || text[i] === "'") i++;
  for (let k = 0; k < 4 && text[i] === ' '; k++) i++;
  if (text[i] !== ':' && text[i] !== '=') return -1;
  i++;
  for (let k = 0; k < 4 && text[i] === ' '; k++) i++;
  if (text[i] === '"' || text[i] === "'") i++;
  return run(isBase64, 40, 40, true)(text, i);
}

/** A private key's span runs to its END line (found with indexOf), or to the end of the text. */
function privateKeyBody(text: string, from: number): number {
  const end = text.indexOf('-----END', from);
  if (end < 0) return text.length;
  const close = text.indexOf('-----', end + 8);
  return close < 0 ? text.length : close + 5;
}

const SECRET_RULES: readonly SecretRule[] = [
  { id: 'secret.private_key', description: 'PEM private key', prefix: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g, body: privateKeyBody, runClass: () => false },
  { id: 'secret.aws_access_key', description: 'AWS access key id', prefix: /AKIA|ASIA|ABIA|ACCA/g, body: run(isUpperOrDigit, 16, 16, true), runClass: isAlnum },
  // Case-insensitive by character classes: the prefixes share one scan (below), without the i flag.
  { id: 'secret.aws_secret_key', description: 'AWS secret access key', prefix: /[aA][wW][sS]_?[sS][eE][cC][rR][eE][tT]_?[aA][cC][cC][eE][sS][sS]_?[kK][eE][yY]/g, body: awsSecretBody, runClass: isAlnumUnderscore },
  { id: 'secret.github_token', description: 'GitHub token', prefix: /gh[pousr]_/g, body: run(isAlnum, 36, 255), runClass: isAlnumUnderscore },
  { id: 'secret.github_token', description: 'GitHub fine-grained token', prefix: /github_pat_/g, body: run(isAlnumUnderscore, 60, 255), runClass: isAlnumUnderscore },
  { id: 'secret.slack_token', description: 'Slack token', prefix: /xox[abposr]-/g, body: run(isAlnumDash, 10, 200), runClass: isAlnumDash },
  { id: 'secret.anthropic_key', description: 'Anthropic API key', prefix: /sk-ant-/g, body: run(isBase64Url, 40, 300), runClass: isBase64Url },
  { id: 'secret.openai_key', description: 'OpenAI API key', prefix: /sk-(?!ant-)/g, body: run(isBase64Url, 32, 200), runClass: isBase64Url },
  { id: 'secret.google_api_key', description: 'Google API key', prefix: /AIza/g, body: run(isBase64Url, 35, 35, true), runClass: isBase64Url },
  { id: 'secret.stripe_key', description: 'Stripe secret key', prefix: /[sr]k_(?:live|test)_/g, body: run(isAlnum, 24, 99), runClass: isAlnumUnderscore },
  { id: 'secret.jwt', description: 'JSON Web Token', prefix: /eyJ/g, body: jwtBody, runClass: isBase64Url },
];

/**
 * Every prefix in one alternation, one capture group per rule: a single scan of the text instead
 * of one per rule. No two prefixes can match at the same position, and the scan resumes one unit
 * after each match, so it finds exactly the matches the per-rule scans would.
 */
const ANY_PREFIX = new RegExp(SECRET_RULES.map((r) => `(${r.prefix.source})`).join('|'), 'g');

export const SECRET_PATTERNS: readonly RegExp[] = [...SECRET_RULES.map((r) => r.prefix), ANY_PREFIX];

export function detectSecrets(text: string): RawFinding[] {
  const found: { readonly rule: number; readonly finding: RawFinding }[] = [];
  let privateKeyUntil = -1;
  ANY_PREFIX.lastIndex = 0;
  for (let match = ANY_PREFIX.exec(text); match !== null; match = ANY_PREFIX.exec(text)) {
    const start = match.index;
    ANY_PREFIX.lastIndex = start + 1;
    const r = match.findIndex((group, g) => g > 0 && group !== undefined) - 1;
    const rule = SECRET_RULES[r]!;
    // Only where a run of the key's characters starts (linear time, and no key mid-word).
    if (start > 0 && rule.runClass(text.charCodeAt(start - 1))) continue;
    if (rule.id === 'secret.private_key' && start < privateKeyUntil) continue;
    const end = rule.body(text, start + match[0].length);
    if (end < 0) continue;
    if (rule.id === 'secret.private_key') privateKeyUntil = end;
    found.push({ rule: r, finding: { id: rule.id, category: 'secret', start, end, weight: 0, description: rule.description } });
  }
  // Reported rule by rule, in text order within a rule (a stable sort).
  return found.sort((a, b) => a.rule - b.rule).map((f) => f.finding);
}
