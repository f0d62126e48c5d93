/**
 * What one language needs to say the attack families: lists of lower-case regex source fragments
 * (literal words and stems; optional groups and character classes, never a quantified group inside
 * another quantifier), combined with bounded gaps by compile-language.ts. Views are NFKC-folded and lower-cased, so full-width forms arrive as
 * ASCII and Latin capitals as small letters; accents and nuktas are kept as NFKC leaves them.
 *
 * No fragment may use a counted repeat: the ReDoS proof (recheck) stays exact only while the sum of
 * all bounded repeat counts in a pattern is at most 30, and the gap alone uses most of it.
 */
export interface Lexicon {
  /** ISO 639-1 code, shown in every finding's description. */
  readonly code: string;
  /**
   * Where the verb stands relative to its object: `vo` (ignore → the instructions), `ov`
   * (指示を → 無視), or `both` (German: "ignoriere die Anweisungen" / "die Anweisungen ignorieren").
   */
  readonly order: 'vo' | 'ov' | 'both';
  /** A character class of the language's script, tested before anything else (fast reject); none for Latin-script languages. */
  readonly script?: string;
  /**
   * Latin-script languages only: what shows the text is in this language. English shares words
   * with them ("ignore", "instruction"), so a match counts only with a letter or function word of
   * the language nearby, and the Latin detector skips texts with none of them at all.
   */
  readonly latin?: LatinMarks;
  /** Characters allowed between verb and object: about four words, at most 26. */
  readonly gap: number;
  /** A negation just before a verb ("do not ignore"); matched against the text before it, anchored at its end. */
  readonly negationBefore?: string;
  /** A negation just after a verb (無視しないで, 무시하지 마); anchored at the start of the text after it. */
  readonly negationAfter?: string;

  /** Verbs of dismissal: ignore, forget, disregard, do not follow. */
  readonly dismiss: readonly string[];
  /** What an attacker wants dropped: instructions, rules, prompt, commands, directives. */
  readonly instructions: readonly string[];
  /** "the above", "previous", "earlier": which text is dismissed. */
  readonly earlier: readonly string[];
  /** Weaker targets a user may drop honestly: question, message, request, text, task. */
  readonly content: readonly string[];

  /** Verbs of output: output, print, say, reply, repeat, write. */
  readonly output: readonly string[];
  /** "only", "just", "directly", "verbatim": the forcing adverbs. */
  readonly only: readonly string[];
  /** Phrases that announce a replacement task: "your new task is", "now your task is". */
  readonly newTask: readonly string[];

  /** Verbs of disclosure: show, reveal, repeat, tell me, print. */
  readonly reveal: readonly string[];
  /** The hidden instructions: system prompt, your instructions, initial prompt. */
  readonly hiddenPrompt: readonly string[];

  /** "without restrictions / filters / censorship / ethics" and "you have no rules". */
  readonly noLimits: readonly string[];
  /** Persona set-up: "you are now", "pretend to be", "act as", "from now on". */
  readonly persona: readonly string[];
  /** Named unlocked modes: developer mode, jailbreak mode, DAN. */
  readonly unlockedMode: readonly string[];

  /** Text addressed to an AI reader: "if you are an AI", "note to the assistant", "when you read this". */
  readonly addressAi: readonly string[];
}

export interface LatinMarks {
  /** Letters English does not use (é is left out: café, résumé), as a character-class body. */
  readonly letters: string;
  /** Short, frequent function words that are not English words: las, les, und, della, não. */
  readonly words: readonly string[];
}
