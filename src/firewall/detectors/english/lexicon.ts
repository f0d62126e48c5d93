import type { Key, RuleContext } from './scan-rules';

/**
 * Regex source fragments shared by the english rule sets, composed into RegExps once at module
 * load. Everything is lower-case: every view the detectors read is lower-cased and NFKC-folded,
 * with horizontal whitespace folded to one space (see ../../normalize).
 *
 * ReDoS discipline (a test runs recheck on every compiled pattern): no unbounded quantifier, no
 * quantified group whose alternatives overlap, gaps counted in WORDS with a bounded word length.
 * A word gap cannot be parsed two ways (words exclude the separator), so it does not backtrack
 * beyond its bounds.
 */

/** Any quotation mark an attacker may wrap a dictated phrase in. */
export const QUOTE = `["'“”‘’«»\`]`;

/** An apostrophe, straight or typographic, possibly left out ("dont"). */
export const APOS = `['’]?`;

/**
 * Up to `n` intervening words in the same clause, then the separator before the next word:
 * "ignore [all of the] previous instructions". Words stop at sentence punctuation.
 *
 * Word length is capped at 12 so that a pattern with two gaps stays within recheck's budget for
 * its exact (automaton) analysis: the sum of all bounded repeat counts must stay ≤ 30.
 */
export function words(n: number): string {
  return `(?:,? [^\\s.!?,;:]{1,12}){0,${n}},? `;
}

/** A non-capturing alternation. */
export function alt(...options: readonly string[]): string {
  return `(?:${options.join('|')})`;
}

/** Compiles a rule pattern: global (scanned with exec), never case-insensitive (views are lower-case). */
export function rx(source: string): RegExp {
  return new RegExp(source, 'g');
}

/**
 * A mention rather than a use, tested on the text just before a match: the phrase is introduced
 * as an example ("phrases like 'ignore previous instructions'"). A bare quotation mark is not
 * enough: quoting an attack must not be a way to pass it.
 */
export const MENTION_BEFORE = rx(
  `\\b${alt('like', 'such as', 'e\\.g\\.', 'eg', 'for example', 'for instance', 'phrases?', 'patterns?', 'strings?', 'contains?', 'containing', 'including', 'detect', 'detects', 'flag', 'flags', 'block', 'blocks', 'called', 'known as', 'meaning of', 'what does', 'what do')}[ :,]{0,2}${QUOTE}{0,2} ?$`,
);

/** The security / prompt-engineering register: talk ABOUT attacks, not an attack. */
export const SECURITY_TALK = rx(
  alt('prompt injections?', 'injection attacks?', 'jailbreak attempts?', 'red[- ]team\\w{0,3}', 'adversarial prompts?', 'detect\\w{0,3}', 'defen[cs]e\\w{0,3}', 'defend\\w{0,3}', 'mitigat\\w{1,5}', 'guard against', 'protect against', 'classif\\w{1,6}', 'flag (?:it|this|them)', 'severity', 'malicious input', 'security review', 'vulnerab\\w{1,6}'),
);

/**
 * A rule key of word stems (see scan-rules.ts): lower-case literals that start at a word
 * boundary and may end mid-word ("ignor" finds "ignore" and "ignoring"); end one with `\\b` to
 * make it a whole word ("dan\\b"). Every match of the rule must contain one of them.
 */
export function stems(...words: readonly string[]): Key {
  return { words, marks: [] };
}

/** A rule key of symbol-led literals ("<|", "[inst]"), for rules that start with punctuation. */
export function marks(...literals: readonly string[]): Key {
  return { words: [], marks: literals };
}

/** One key made of several. */
export function keyOf(...keys: readonly Key[]): Key {
  return { words: keys.flatMap((k) => k.words), marks: keys.flatMap((k) => k.marks) };
}

/** Every spelling of a stem with an apostrophe: "don't", "don’t", "dont". */
export function apostrophes(stem: string): string[] {
  return stem.includes("'") ? [stem, stem.replace("'", '’'), stem.replace("'", '')] : [stem];
}

/** "make eslint ignore all rules", "override the default css rules": tooling, not the model. */
export const TOOLING: RuleContext = {
  side: 'around',
  span: 30,
  pattern: rx(`\\b${alt('eslint', 'tslint', 'lint', 'linter', 'linting', 'css', 'scss', 'styles?', 'stylesheet', 'firewall', 'iptables', 'git', 'gitignore', 'prettier', 'pylint', 'flake8', 'mypy', 'ruff', 'sonar\\w{0,5}', 'compiler', 'typescript', 'checkstyle', 'rubocop', 'stylelint', 'webpack', 'nginx', 'apache', 'htaccess', 'robots\\.txt', 'cors', 'selinux', 'apparmor', 'sql', 'database', 'schema', 'validation', 'validator', 'spam filter', 'grammar', 'spelling', 'formatting', 'format')}\\b`),
  weight: 20,
};
