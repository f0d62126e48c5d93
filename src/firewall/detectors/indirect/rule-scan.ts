import type { FindingCategory, MessageRole, RawFinding } from '../../types';

/**
 * One phrasing of an attack family: a bounded, lower-case, global pattern and how strongly it
 * alone indicates an attack. Shared by the indirect and multilingual rule sets.
 */
export interface Rule {
  readonly id: string;
  readonly category: FindingCategory;
  /** 0–100: how strongly this alone indicates an attack, before the pipeline's role weighting. */
  readonly weight: number;
  /**
   * Weight in a user message, when it differs. Text addressed to "the AI reading this" is odd in
   * a document and ordinary in a chat turn, so such rules count less there (0: not looked for).
   */
  readonly chatWeight?: number;
  /** Global, never case-insensitive (views are lower-case), every quantifier bounded. */
  readonly pattern: RegExp;
  readonly description: string;
  /** A veto next to the match (a negation such as "do not ignore"): the match is dropped. */
  readonly veto?: Veto;
  /** A context that lowers the weight: e.g. a programming topic ("ignore the eslint rules"). */
  readonly damp?: Damp;
  /** A context the match needs, or it is dropped: e.g. a word of the rule's language nearby. */
  readonly requires?: Requirement;
}

export interface Requirement {
  /** Tested on the match plus `span` characters on each side. */
  readonly pattern: RegExp;
  readonly span: number;
}

export interface Damp {
  /** Tested on the match plus `span` characters on each side. */
  readonly pattern: RegExp;
  readonly span: number;
  readonly weight: number;
}

export interface Veto {
  /**
   * Where the rule's verb sits in the match: capture group 1 must be the verb, at the start of the
   * match (`start`, verb–object languages) or at its end (`end`, object–verb languages).
   */
  readonly verbAt: 'start' | 'end';
  /** Tested on the 12 characters before the verb; anchor it with `$`. */
  readonly before?: RegExp;
  /** Tested on the 12 characters after the verb; anchor it with `^`. */
  readonly after?: RegExp;
}

export interface RuleSet {
  /**
   * Fast-reject and locator: a global pattern that every match of every rule contains (its anchor
   * words, or a character of its script). Rules run only on windows around anchor hits.
   */
  readonly anchor: RegExp;
  /** Window around each anchor hit; must exceed the longest possible match of any rule. */
  readonly window: number;
  readonly rules: readonly Rule[];
}

/** Enough findings per rule to point at every repetition a sanitiser must cut; bounded output. */
const MAX_FINDINGS_PER_RULE = 8;
const VETO_SPAN = 12;

/** Every RegExp a rule set uses, for the detector's `patterns` list (the ReDoS proof). */
export function patternsOf(set: RuleSet): RegExp[] {
  const out = [set.anchor];
  for (const rule of set.rules) {
    out.push(rule.pattern);
    if (rule.veto?.before !== undefined) out.push(rule.veto.before);
    if (rule.veto?.after !== undefined) out.push(rule.veto.after);
    if (rule.damp !== undefined) out.push(rule.damp.pattern);
    if (rule.requires !== undefined) out.push(rule.requires.pattern);
  }
  return [...new Set(out)];
}

/**
 * A user turn is a conversation with the assistant: requests, imperatives and "hi assistant" are
 * normal there. Everything else scored (tool and function results, replayed assistant turns)
 * is content the model reads, where the same phrases were planted.
 */
export function isChatRole(role: MessageRole): boolean {
  return role === 'user';
}

/**
 * Anchor-then-verify: one linear scan for anchor hits, windows around them merged, the rules run
 * on the merged windows only. Windows never overlap, so the worst case (anchors everywhere) is one
 * pass per rule over the text; the usual case is the anchor scan alone.
 *
 * A window cut inside the text is read with one borrowed character on each side, and matches
 * touching a borrowed character are dropped, so `^`, `$` and `\b` behave as on the whole text; no
 * real match is lost because `window` exceeds the longest match and every match holds an anchor.
 * The shared RegExp objects are reset before each use; detection is synchronous.
 */
export function scanRuleSet(text: string, set: RuleSet, role: MessageRole): RawFinding[] {
  const windows = anchorWindows(text, set.anchor, set.window);
  return windows.length === 0 ? [] : runRules(text, windows, set.rules, role);
}

/** Runs rules on merged [start, end) windows (flattened pairs); see scanRuleSet. */
export function runRules(text: string, windows: readonly number[], rules: readonly Rule[], role: MessageRole): RawFinding[] {
  const chat = isChatRole(role);
  const findings: RawFinding[] = [];
  for (const rule of rules) {
    const weight = chat ? (rule.chatWeight ?? rule.weight) : rule.weight;
    if (weight <= 0) continue;
    let count = 0;
    for (let w = 0; w < windows.length && count < MAX_FINDINGS_PER_RULE; w += 2) {
      const from = Math.max(0, windows[w]! - 1);
      const to = Math.min(text.length, windows[w + 1]! + 1);
      const firstAllowed = windows[w]! > 0 ? 1 : 0;
      const lastAllowed = windows[w + 1]! < text.length ? to - from - 1 : to - from;
      const slice = text.slice(from, to);
      const pattern = rule.pattern;
      pattern.lastIndex = 0;
      for (let m = pattern.exec(slice); m !== null && count < MAX_FINDINGS_PER_RULE; m = pattern.exec(slice)) {
        if (m[0].length === 0) {
          pattern.lastIndex++;
          continue;
        }
        if (m.index < firstAllowed || m.index + m[0].length > lastAllowed) continue;
        const start = from + m.index;
        const end = start + m[0].length;
        if (rule.veto !== undefined && vetoed(text, rule.veto, start, end, m[1] ?? '')) continue;
        if (rule.requires !== undefined && !around(text, rule.requires.pattern, start, end, rule.requires.span)) continue;
        findings.push({ id: rule.id, category: rule.category, start, end, weight: damped(text, rule, start, end, weight), description: rule.description });
        count++;
      }
    }
  }
  return findings;
}

/** Adds [start − window, end + window) to flattened, sorted, merged window pairs. */
export function addWindow(out: number[], start: number, end: number, window: number, length: number): void {
  const from = Math.max(0, start - window);
  const to = Math.min(length, end + window);
  const last = out.length - 1;
  if (last > 0 && from <= out[last]!) out[last] = Math.max(out[last]!, to);
  else out.push(from, to);
}

function vetoed(text: string, veto: Veto, start: number, end: number, verb: string): boolean {
  const verbStart = veto.verbAt === 'start' ? start : end - verb.length;
  const verbEnd = verbStart + verb.length;
  if (veto.before !== undefined) {
    veto.before.lastIndex = 0;
    if (veto.before.test(text.slice(Math.max(0, verbStart - VETO_SPAN), verbStart))) return true;
  }
  if (veto.after !== undefined) {
    veto.after.lastIndex = 0;
    if (veto.after.test(text.slice(verbEnd, verbEnd + VETO_SPAN))) return true;
  }
  return false;
}

function damped(text: string, rule: Rule, start: number, end: number, weight: number): number {
  const damp = rule.damp;
  if (damp === undefined || !around(text, damp.pattern, start, end, damp.span)) return weight;
  return Math.min(weight, damp.weight);
}

function around(text: string, pattern: RegExp, start: number, end: number, span: number): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text.slice(Math.max(0, start - span), end + span));
}

/** Merged [start, end) pairs, flattened, around every anchor hit. */
function anchorWindows(text: string, anchor: RegExp, window: number): number[] {
  const out: number[] = [];
  anchor.lastIndex = 0;
  for (let m = anchor.exec(text); m !== null; m = anchor.exec(text)) {
    addWindow(out, m.index, m.index + m[0].length, window, text.length);
    if (m[0].length === 0) anchor.lastIndex++;
  }
  return out;
}

/** A non-capturing alternation of regex source fragments. */
export function alt(options: readonly string[]): string {
  return `(?:${options.join('|')})`;
}

/**
 * The same alternation grouped by first letter (`(?:a(?:dd|ppend)|s(?:end|hare))`): V8 tries the
 * alternatives of a group one after the other, so a scan of a long word list runs several times
 * faster when one character check rejects a whole group. Fragments that start with regex syntax
 * stay ungrouped. Same language, so a test can compare the two on samples.
 */
export function grouped(options: readonly string[]): string {
  const groups = new Map<string, string[]>();
  const loose: string[] = [];
  for (const option of options) {
    const head = option[0] ?? '';
    const plain = head !== '' && !'\\[](){}|?*+.^$'.includes(head) && !/^.[?*+{]/.test(option);
    if (!plain) {
      loose.push(option);
      continue;
    }
    const rest = option.slice(1);
    const group = groups.get(head);
    if (group === undefined) groups.set(head, [rest]);
    else group.push(rest);
  }
  const parts = [...groups].map(([head, rests]) => (rests.length === 1 ? `${head}${rests[0]}` : `${head}(?:${rests.join('|')})`));
  return alt([...parts, ...loose]);
}

/**
 * Up to `n` intervening words in one clause, then the separator before the next word. A word
 * excludes the separator, so the gap cannot be parsed two ways and stays linear; word length is
 * capped (12 by default) so that recheck's exact analysis applies (sum of bounded repeats ≤ 30).
 */
export function words(n: number, longest = 12): string {
  return `(?:,? [^\\s.!?,;:]{1,${longest}}){0,${n}},? `;
}

/** Compiles a rule pattern: global, never case-insensitive (views are lower-case). */
export function rx(source: string): RegExp {
  return new RegExp(source, 'g');
}
