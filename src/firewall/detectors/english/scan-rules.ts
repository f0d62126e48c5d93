import type { Detector, FindingCategory, MessageRole, RawFinding, TextView } from '../../types';
import { compileStemAutomaton, type StemAutomaton, type StemSpec } from './stem-automaton';

/** One phrasing of an attack family: a bounded, lower-case pattern and how strongly it alone indicates an attack. */
export interface Rule {
  readonly id: string;
  readonly category: FindingCategory;
  /** 0–100 for a user message; see the catalogue in README.md. */
  readonly weight: number;
  /** Global, no `i` flag (every view is lower-case), every quantifier bounded. */
  readonly pattern: RegExp;
  readonly description: string;
  /**
   * Optional context checks: when one matches next to the finding, it weighs that context's
   * `weight` instead (a quoted mention, a defensive instruction, a programming context). The
   * first matching context wins.
   */
  readonly contexts?: readonly RuleContext[];
  /**
   * The literal stems, one of which every match of `pattern` contains (see `stems()` and
   * `marks()` in lexicon.ts). One Aho–Corasick pass finds the stems of all rules — the
   * fast-reject: text without any stem costs that pass and nothing else — and a rule only runs
   * where a stem of its own key occurs. Rules may share a key.
   */
  readonly key: Key;
  /**
   * How far a match may extend before the start and after the end of its key hit, in characters
   * (default: WINDOW each way). A tight reach is what keeps a rule cheap: it only reads that much
   * text around each hit. The equivalence test in the suite checks reaches against a full scan.
   */
  readonly reach?: readonly [before: number, after: number];
  /**
   * Every match STARTS with a stem of the key: the rule then runs once, sticky, at each key hit
   * instead of scanning a window — the cheapest form. The equivalence test checks the promise.
   */
  readonly anchored?: boolean;
  /**
   * A second set of literal stems, one of which every match ALSO contains (e.g. the object of a
   * verb key: "prompt", "instruction"). Found by the same automaton pass; a key hit with no
   * confirming hit within its reach is rejected with two integer comparisons instead of a regex
   * run — most hits of a common verb ("show", "write") in ordinary text. The equivalence test
   * checks the promise like it checks keys and reaches.
   */
  readonly confirm?: Key;
}

export interface RuleContext {
  /**
   * Tested on the `span` characters just before the match (`before`: anchor with `$`), just after
   * it (`after`: anchor with `^`), or on the match itself plus `span` on each side (`around`).
   */
  readonly side: 'before' | 'after' | 'around';
  readonly span: number;
  /** Matches when this pattern is found in the window… */
  readonly pattern?: RegExp;
  /** …or when the window holds at least this many ASCII letters (there is real text there). */
  readonly letters?: number;
  readonly weight: number;
}

/**
 * Literal stems that locate a rule. `words` start at a word boundary and may end mid-word
 * ("ignor" finds "ignore", "ignoring"); a trailing `\b` makes a stem a whole word ("dan\b").
 * `marks` are symbol-led and literal ("<|", "[inst]").
 */
export interface Key {
  readonly words: readonly string[];
  readonly marks: readonly string[];
}

/** Findings per rule and view: enough to point at every repetition a sanitiser must cut, bounded output. */
const MAX_FINDINGS_PER_RULE = 8;
/** Characters read around each key hit; must exceed the longest possible match of any rule. */
const WINDOW = 200;

/** Builds a detector from rule sets. Patterns are compiled once, at module load. */
export function createRuleDetector(name: string, rules: readonly Rule[], roles?: ReadonlySet<MessageRole>): Detector {
  const compiled = compileRules(rules);
  const patterns: RegExp[] = compiled.keys.flatMap((k) => k.rules.flatMap((r) => (r.sticky === undefined ? [] : [r.sticky])));
  for (const rule of rules) {
    patterns.push(rule.pattern);
    for (const context of rule.contexts ?? []) if (context.pattern !== undefined) patterns.push(context.pattern);
  }
  return {
    name,
    patterns,
    ...(roles === undefined ? {} : { roles }),
    detect: (view: TextView) => scanRules(view.text, compiled),
  };
}

/** A rule list compiled for scanning. */
interface CompiledRules {
  /** Finds every stem of every key in one pass. */
  readonly automaton: StemAutomaton;
  /** For each stem (by automaton index), the keys that own it. */
  readonly owners: readonly (readonly number[])[];
  readonly keys: readonly CompiledKey[];
}

interface CompiledKey {
  readonly rules: readonly CompiledRule[];
}

interface CompiledRule {
  readonly rule: Rule;
  /** For anchored rules: the pattern, sticky, run at each key hit. */
  readonly sticky?: RegExp;
  /** Index of the rule's confirm key, when it has one. */
  readonly confirm?: number;
}

/** A word stem: lower-case literal text (no backslash), optionally ending in `\\b`. */
const LITERAL_WORD = /^[^A-Z\\]+(?:\\b)?$/;

function compileRules(rules: readonly Rule[]): CompiledRules {
  const byKey = new Map<Key, Rule[]>();
  for (const rule of rules) {
    if (!rule.pattern.global) throw new Error(`Cannot compile rule ${rule.id}: its pattern must be global`);
    const list = byKey.get(rule.key);
    if (list === undefined) byKey.set(rule.key, [rule]);
    else list.push(rule);
  }
  // Confirm keys are scanned like keys; a key only used to confirm owns no rules.
  for (const rule of rules) if (rule.confirm !== undefined && !byKey.has(rule.confirm)) byKey.set(rule.confirm, []);
  const keys = [...byKey.keys()];
  const keyIndex = new Map(keys.map((key, k) => [key, k] as const));
  const specs: StemSpec[] = [];
  const owners: number[][] = [];
  const indexOf = new Map<string, number>();
  const own = (spec: StemSpec, k: number) => {
    const id = `${spec.boundaryBefore ? 'w' : 'm'}${spec.boundaryAfter ? 'b' : ''}:${spec.text}`;
    let index = indexOf.get(id);
    if (index === undefined) {
      index = specs.length;
      indexOf.set(id, index);
      specs.push(spec);
      owners.push([]);
    }
    if (!owners[index]!.includes(k)) owners[index]!.push(k);
  };
  keys.forEach((key, k) => {
    for (const word of key.words) {
      if (!LITERAL_WORD.test(word) || word === '') throw new Error(`Cannot compile key stem "${word}": stems are lower-case literals`);
      const whole = word.endsWith('\\b');
      own({ text: whole ? word.slice(0, -2) : word, boundaryBefore: true, boundaryAfter: whole, run: false }, k);
    }
    for (const mark of key.marks) {
      if (mark === '') throw new Error('Cannot compile an empty key mark');
      own({ text: mark, boundaryBefore: false, boundaryAfter: false, run: mark.length > 1 && [...mark].every((c) => c === mark[0]) }, k);
    }
  });
  return {
    automaton: compileStemAutomaton(specs),
    owners,
    keys: keys.map((key) => ({
      rules: byKey.get(key)!.map((rule) => ({
        rule,
        ...(rule.anchored === true ? { sticky: new RegExp(rule.pattern.source, 'y') } : {}),
        ...(rule.confirm === undefined ? {} : { confirm: keyIndex.get(rule.confirm)! }),
      })),
    })),
  };
}

/**
 * Key-then-verify: one Aho–Corasick pass finds every key stem; each anchored rule then runs once,
 * sticky, at each hit of its key; each other rule runs on windows (its `reach`) around the hits of
 * its key, merged. Merged windows never exceed the text, so the worst case (stems everywhere) is
 * one pass per rule; the usual case is one pass in total.
 *
 * A window cut inside a line is read with one extra character on each side, and matches that
 * touch those extra characters are dropped: `^`, `$` and `\b` then behave as on the whole text.
 * No real match is lost, because the reach exceeds the match's extent around its key stem.
 *
 * The RegExp objects are shared and `lastIndex` is reset before every use; `detect` is
 * synchronous, so no other call can observe it in between.
 */
function scanRules(text: string, set: CompiledRules): RawFinding[] {
  const hits = keyHits(text, set);
  if (hits === undefined) return [];
  const findings: RawFinding[] = [];
  set.keys.forEach((key, k) => {
    const keyHitList = hits[k];
    if (keyHitList === undefined) return;
    for (const { rule, sticky, confirm } of key.rules) {
      // An anchored match starts at its key hit and may run WINDOW long (its reach is not used).
      const [before, after] = sticky !== undefined ? [0, WINDOW] : (rule.reach ?? [WINDOW, WINDOW]);
      let ruleHits: readonly number[] = keyHitList;
      if (confirm !== undefined) {
        const confirmHits = hits[confirm];
        // No confirming stem anywhere: the rule cannot match.
        if (confirmHits === undefined) continue;
        ruleHits = confirmedHits(keyHitList, confirmHits, before, after);
        if (ruleHits.length === 0) continue;
      }
      if (sticky !== undefined) {
        runAnchored(text, rule, sticky, ruleHits, findings);
        continue;
      }
      const windows = mergeWindows(ruleHits, before, after, text.length);
      let count = 0;
      for (let w = 0; w < windows.length && count < MAX_FINDINGS_PER_RULE; w += 2) count = scanWindow(text, rule, windows[w]!, windows[w + 1]!, count, findings);
    }
  });
  return findings;
}

/** An anchored rule: one sticky attempt at each key hit, on the whole text (no window, no slice). */
function runAnchored(text: string, rule: Rule, sticky: RegExp, hitList: readonly number[], findings: RawFinding[]): void {
  let count = 0;
  let coveredTo = -1;
  for (let h = 0; h < hitList.length && count < MAX_FINDINGS_PER_RULE; h += 2) {
    const at = hitList[h]!;
    // A match already found covers this hit: like a global scan, matches do not overlap.
    if (at < coveredTo) continue;
    sticky.lastIndex = at;
    const m = sticky.exec(text);
    if (m === null || m[0].length === 0) continue;
    const end = at + m[0].length;
    coveredTo = end;
    findings.push({ id: rule.id, category: rule.category, start: at, end, weight: weightInContext(text, rule, at, end), description: rule.description });
    count++;
  }
}

/**
 * The key hits with a confirming hit starting inside their reach, [start − before, end + after).
 * Both lists are sorted by start: one forward pass over each.
 */
function confirmedHits(hitList: readonly number[], confirmList: readonly number[], before: number, after: number): number[] {
  const out: number[] = [];
  let c = 0;
  for (let h = 0; h < hitList.length; h += 2) {
    const from = hitList[h]! - before;
    while (c < confirmList.length && confirmList[c]! < from) c += 2;
    if (c >= confirmList.length) break;
    if (confirmList[c]! < hitList[h + 1]! + after) out.push(hitList[h]!, hitList[h + 1]!);
  }
  return out;
}

/** [start, end) pairs, flattened, around each hit, merged where they overlap. */
function mergeWindows(hitList: readonly number[], before: number, after: number, length: number): number[] {
  const out: number[] = [];
  for (let h = 0; h < hitList.length; h += 2) {
    const from = Math.max(0, hitList[h]! - before);
    const to = Math.min(length, hitList[h + 1]! + after);
    const last = out.length - 1;
    if (last > 0 && from <= out[last]!) out[last] = Math.max(out[last]!, to);
    else out.push(from, to);
  }
  return out;
}

/**
 * Runs a rule on one window [start, end), read with one borrowed character on each cut side;
 * returns the rule's finding count so far.
 */
function scanWindow(text: string, rule: Rule, start: number, end: number, count: number, findings: RawFinding[]): number {
  const from = Math.max(0, start - 1);
  const to = Math.min(text.length, end + 1);
  // Offsets inside the slice that a match may not touch: the borrowed characters.
  const firstAllowed = start > 0 ? 1 : 0;
  const lastAllowed = end < text.length ? to - from - 1 : to - from;
  const slice = text.slice(from, to);
  const pattern = rule.pattern;
  // test() allocates nothing: most windows of benign text match no rule.
  pattern.lastIndex = 0;
  if (!pattern.test(slice)) return count;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(slice); m !== null && count < MAX_FINDINGS_PER_RULE; m = pattern.exec(slice)) {
    if (m[0].length === 0) pattern.lastIndex++;
    else if (m.index < firstAllowed) pattern.lastIndex = firstAllowed;
    else if (m.index + m[0].length <= lastAllowed) {
      const matchStart = from + m.index;
      const matchEnd = matchStart + m[0].length;
      findings.push({ id: rule.id, category: rule.category, start: matchStart, end: matchEnd, weight: weightInContext(text, rule, matchStart, matchEnd), description: rule.description });
      count++;
    }
  }
  return count;
}

/**
 * Key hits as flattened [start, end) pairs sorted by start, per key; undefined when no key
 * occurs. A key hit is an occurrence of any of its stems.
 */
function keyHits(text: string, set: CompiledRules): (number[] | undefined)[] | undefined {
  const found = set.automaton.scan(text);
  if (found.length === 0) return undefined;
  const hits: (number[] | undefined)[] = new Array<number[] | undefined>(set.keys.length).fill(undefined);
  for (let f = 0; f < found.length; f += 3) {
    const start = found[f + 1]!;
    const end = found[f + 2]!;
    for (const k of set.owners[found[f]!]!) {
      const list = (hits[k] ??= []);
      // Several stems of one key may start at the same place ("your", "your new"): one hit.
      if (list.length > 0 && list[list.length - 2] === start) list[list.length - 1] = Math.max(list[list.length - 1]!, end);
      else list.push(start, end);
    }
  }
  for (const list of hits) if (list !== undefined && list.length > 2) sortPairs(list);
  return hits;
}

/** Sorts flattened [start, end) pairs by start; the automaton reports them by end, so nearly sorted. */
function sortPairs(list: number[]): void {
  for (let i = 2; i < list.length; i += 2) {
    const start = list[i]!;
    const end = list[i + 1]!;
    let j = i - 2;
    while (j >= 0 && list[j]! > start) {
      list[j + 2] = list[j]!;
      list[j + 3] = list[j + 1]!;
      j -= 2;
    }
    list[j + 2] = start;
    list[j + 3] = end;
  }
}


function weightInContext(text: string, rule: Rule, start: number, end: number): number {
  for (const context of rule.contexts ?? []) {
    const from = context.side === 'after' ? end : Math.max(0, start - context.span);
    const to = context.side === 'before' ? start : Math.min(text.length, end + context.span);
    if (context.letters !== undefined ? countLetters(text, from, to) >= context.letters : testIn(context.pattern, text.slice(from, to))) return context.weight;
  }
  return rule.weight;
}

function testIn(pattern: RegExp | undefined, text: string): boolean {
  if (pattern === undefined) return false;
  pattern.lastIndex = 0;
  return pattern.test(text);
}

function countLetters(text: string, from: number, to: number): number {
  let letters = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code >= 97 && code <= 122) letters++;
  }
  return letters;
}
