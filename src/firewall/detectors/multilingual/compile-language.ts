import { alt, grouped, rx, type Damp, type Rule, type RuleSet, type Veto } from '../indirect/rule-scan';
import type { LatinMarks, Lexicon } from './lexicon';

/*
 * The rules of one language, built from its lexicon at module load. The finding ids are the
 * English families' ids, so an attack written in two languages still counts once per family;
 * the description names the language.
 *
 * Weights (for a user message; the pipeline weighs roles):
 *   80 dismissal aimed at instructions/rules/prompt — the override itself, blocks alone
 *   45 dismissal aimed at "the above / the previous …" or at a question/message — people say
 *      that honestly ("forget the previous version"); with output forcing or a replacement task
 *      it reaches 70 and blocks
 *   45 output forcing ("just output: …") and a replacement task (injection.new_instructions) —
 *      common in honest requests, so they only add to a dismissal
 *   75 a request to reveal the system prompt / hidden instructions
 *   75 a persona without rules; 35 "without restrictions" alone; 55 a named unlocked mode
 *      ("developer mode", jailbreak.mode_switch)
 *   70 text addressed to an AI reader, in a document; 30 in a chat turn, where it is normal
 */

/** Longest gap allowed between the two halves of a rule, in characters (see lexicon.ts). */
const MAX_GAP = 26;
/**
 * Characters read on each side of an anchor hit: a verb, the gap and an object must fit (a test
 * measures the longest match of every lexicon fragment against it).
 */
const WINDOW = 200;
/** How far from a match a Latin-script language's marker may be. */
const MARKER_SPAN = 80;
/** Gap between an output verb and its "only/directly". */
const FORCING_GAP = 10;

/**
 * "ignora las reglas de eslint", "игнорировать предупреждения компилятора": dismissing tool
 * settings, not the model's instructions. Language-independent tool names plus "warnings".
 */
const TOOLING: Damp = {
  pattern: rx(
    alt([
      '\\b(?:es|ts|py|style)?lint(?:er)?\\b', '\\bflake8\\b', '\\bmypy\\b', '\\bprettier\\b', '\\brubocop\\b', '\\bs?css\\b', '\\bgit(?:ignore)?\\b', '\\bcompil',
      '\\bwebpack\\b', '\\bsql\\b', '\\bfirewall\\b', '\\bspam\\b', 'robots\\.txt', 'advertencia', 'avertissement', 'warnung', 'avvis', 'предупрежден', 'компилятор',
      '警告', '编译', 'コンパイラ', '경고', '컴파일', 'تحذير', 'चेतावनी',
    ]),
  ),
  span: 40,
  weight: 20,
};

export function compileLanguage(lexicon: Lexicon): RuleSet {
  const gap = `[^\\n]{0,${Math.min(lexicon.gap, MAX_GAP)}}`;
  const tag = ` (${lexicon.code})`;
  const veto = (verbAt: Veto['verbAt']): Veto => ({
    verbAt,
    ...(lexicon.negationBefore === undefined ? {} : { before: rx(`${lexicon.negationBefore}$`) }),
    ...(lexicon.negationAfter === undefined ? {} : { after: rx(`^${lexicon.negationAfter}`) }),
  });
  const rules: Rule[] = [];
  const requires = lexicon.latin === undefined ? undefined : { pattern: rx(markOf(lexicon.latin)), span: MARKER_SPAN };

  // Verb–object pairs, in the orders the language uses; group 1 is always the verb.
  const pair = (verbs: readonly string[], objects: readonly string[], base: Omit<Rule, 'pattern' | 'veto'>) => {
    // Dismissals can be about tooling; disclosure requests cannot.
    if (base.id === 'injection.override') base = { ...base, damp: TOOLING };
    if (lexicon.order !== 'ov') rules.push({ ...base, pattern: rx(`(${alt(verbs)})${gap}${alt(objects)}`), veto: veto('start') });
    if (lexicon.order !== 'vo') rules.push({ ...base, pattern: rx(`${alt(objects)}${gap}(${alt(verbs)})`), veto: veto('end') });
  };
  pair(lexicon.dismiss, lexicon.instructions, { id: 'injection.override', category: 'injection', weight: 80, description: `asks to ignore earlier instructions${tag}` });
  pair(lexicon.dismiss, lexicon.earlier, { id: 'injection.override', category: 'injection', weight: 45, description: `asks to ignore what came before${tag}` });
  pair(lexicon.dismiss, lexicon.content, { id: 'injection.override', category: 'injection', weight: 45, description: `asks to ignore the question or message${tag}` });
  pair(lexicon.reveal, lexicon.hiddenPrompt, { id: 'exfiltration.system_prompt', category: 'exfiltration', weight: 75, description: `asks for the system prompt or hidden instructions${tag}` });

  // Output forcing reads the same in either order ("output only" / "only output").
  const forcing = { id: 'injection.output_forcing', category: 'injection', weight: 45, description: `dictates the exact output${tag}` } as const;
  const forcingGap = `[^\\n]{0,${FORCING_GAP}}`;
  rules.push({ ...forcing, pattern: rx(`${alt(lexicon.output)}${forcingGap}${alt(lexicon.only)}`) });
  rules.push({ ...forcing, pattern: rx(`${alt(lexicon.only)}${forcingGap}${alt(lexicon.output)}`) });
  // An output verb that ends its clause in a colon introduces the dictated text ("répétez :").
  rules.push({ ...forcing, pattern: rx(`${alt(lexicon.output)}[^\\n:]{0,${FORCING_GAP}}:`) });
  rules.push({ id: 'injection.new_instructions', category: 'injection', weight: 45, pattern: rx(alt(lexicon.newTask)), description: `announces a replacement task${tag}` });

  // A persona set up to have no rules, in either order ("you are now an AI without filters",
  // "制限のないAIとして"); the bare phrase and the named modes weigh less.
  const jailbreak = { id: 'jailbreak.no_restrictions', category: 'jailbreak', description: `sets up a persona without rules or filters${tag}` } as const;
  rules.push({ ...jailbreak, weight: 75, pattern: rx(`${alt(lexicon.persona)}${gap}${alt(lexicon.noLimits)}`) });
  rules.push({ ...jailbreak, weight: 75, pattern: rx(`${alt(lexicon.noLimits)}${gap}${alt(lexicon.persona)}`) });
  rules.push({ ...jailbreak, weight: 35, pattern: rx(alt(lexicon.noLimits)), description: `asks for answers without restrictions${tag}` });
  rules.push({ id: 'jailbreak.mode_switch', category: 'jailbreak', weight: 55, pattern: rx(alt(lexicon.unlockedMode)), description: `switches to a named unlocked mode${tag}` });

  rules.push({
    id: 'indirect.addressed_to_ai',
    category: 'indirect',
    weight: 70,
    chatWeight: 30,
    pattern: rx(alt(lexicon.addressAi)),
    description: `text addressed to an AI reader${tag}`,
  });

  // Anchors are the words every strong rule needs. Output forcing (45) never blocks alone, so it is
  // only looked for near a strong anchor, where it adds to a dismissal or a replacement task.
  const anchors = [...lexicon.dismiss, ...lexicon.newTask, ...lexicon.hiddenPrompt, ...lexicon.noLimits, ...lexicon.unlockedMode, ...lexicon.addressAi];
  const marked = requires === undefined ? rules : rules.map((rule) => ({ ...rule, requires }));
  return { anchor: rx(grouped(anchors)), window: WINDOW, rules: marked };
}

/**
 * Any letter or function word of a Latin-script language near a match (é counts here: it is next
 * to the attack, not a lone "café"). A word followed by a dot or an apostrophe is not one: "e.g.".
 */
function markOf(marks: LatinMarks): string {
  return `[é${marks.letters}]|\\b${alt(marks.words)}\\b(?![.'’-])`;
}
