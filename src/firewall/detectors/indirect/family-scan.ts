import type { Detector, MessageRole, RawFinding } from '../../types';
import { addWindow, alt, grouped, runRules, type Rule } from './rule-scan';

/**
 * A family of rules and its keys: short words, one of which every match of every rule in the
 * family contains (its distinctive words, not its common verbs). Families share one anchor scan
 * for all keys (see createFamilyDetector); the rules run only within `window` characters of one of
 * their family's keys. Keys are kept short because the anchor scan reads every character.
 */
export interface RuleFamily {
  readonly name: string;
  /** Regex source of the keys, each a short word or two behind `\b`. */
  readonly keys: readonly string[];
  /** Characters on either side of a key a match may still reach. */
  readonly window: number;
  readonly rules: readonly Rule[];
}



/** Hits examined per text: beyond that the text is scanned by every rule anyway. */
const MAX_HITS = 2048;

/**
 * Several rule families behind one anchor scan. Scanning each family's own head list costs a pass
 * over the text per family; one pass over all heads, grouped by first letter, costs about the same
 * as one. At each hit, sticky per-family heads tell which families it belongs to, and the scan
 * resumes one character later, so heads that overlap are all seen. Each family then runs its rules
 * on its own merged windows only.
 */
export function createFamilyDetector(name: string, families: readonly RuleFamily[], roles: ReadonlySet<MessageRole>): Detector {
  const keys = [...new Set(families.flatMap((f) => f.keys.flatMap(spread)))];
  const anchor = new RegExp(`\\b${grouped(keys)}`, 'g');
  const sticky = families.map((f) => new RegExp(`\\b${alt(f.keys)}`, 'y'));
  const patterns = [anchor, ...sticky, ...families.flatMap((f) => f.rules.flatMap(patternsOfRule))];
  return {
    name,
    patterns: [...new Set(patterns)],
    roles,
    detect(view, context): RawFinding[] {
      const text = view.text;
      const windows: number[][] = families.map(() => []);
      let hits = 0;
      anchor.lastIndex = 0;
      for (let m = anchor.exec(text); m !== null && hits < MAX_HITS; m = anchor.exec(text), hits++) {
        const at = m.index;
        families.forEach((family, i) => {
          const key = sticky[i]!;
          key.lastIndex = at;
          if (key.test(text)) addWindow(windows[i]!, at, key.lastIndex, family.window, text.length);
        });
        anchor.lastIndex = at + 1;
      }
      if (hits >= MAX_HITS) windows.forEach((w) => w.splice(0, w.length, 0, text.length));
      return families.flatMap((family, i) => (windows[i]!.length === 0 ? [] : runRules(text, windows[i]!, family.rules, context.role)));
    },
  };
}

/**
 * `\b(?:tell|inform) the user` → `\btell the user`, `\binform the user`: a leading alternation
 * of plain words is spread out, so that its words join the first-letter groups of the anchor.
 */
function spread(key: string): string[] {
  const lead = key.startsWith('\\b(?:') ? 5 : key.startsWith('(?:') ? 3 : -1;
  if (lead < 0) return [key];
  let depth = 1;
  let i = lead;
  for (; i < key.length && depth > 0; i++) {
    const c = key[i];
    if (c === '\\') i++;
    else if (c === '[') i = key.indexOf(']', i);
    else if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  const inner = key.slice(lead, i - 1);
  const rest = key.slice(i);
  if (/^[?*+{]/.test(rest) || /[()[\]\\|]/.test(inner.replace(/\|/g, '')) ) return [key];
  return inner.split('|').map((option) => `${option}${rest}`);
}

function patternsOfRule(rule: Rule): RegExp[] {
  return [rule.pattern, rule.veto?.before, rule.veto?.after, rule.damp?.pattern, rule.requires?.pattern].filter((p): p is RegExp => p !== undefined);
}
