import type { Detector, RawFinding } from '../../types';
import { alt, patternsOf, scanRuleSet } from '../indirect/rule-scan';
import { compileLanguage } from './compile-language';
import type { Lexicon } from './lexicon';

/**
 * The languages written in their own scripts share one detector: one scan for a character of any
 * of their scripts rejects a text in none of them (most texts) at once; then each language whose
 * script is present runs its rules.
 */
export function createScriptDetector(lexicons: readonly Lexicon[]): Detector {
  const languages = lexicons.map((lexicon) => {
    if (lexicon.script === undefined) throw new Error(`Cannot create the script detector: ${lexicon.code} has no script`);
    return { set: compileLanguage(lexicon), script: new RegExp(`[${lexicon.script}]`) };
  });
  const anyScript = new RegExp(`[${lexicons.map((l) => l.script ?? '').join('')}]`);
  return {
    name: 'multilingual-scripts',
    patterns: [anyScript, ...languages.flatMap((l) => [l.script, ...patternsOf(l.set)])],
    detect(view, context) {
      if (!anyScript.test(view.text)) return [];
      const findings: RawFinding[] = [];
      for (const language of languages) if (language.script.test(view.text)) findings.push(...scanRuleSet(view.text, language.set, context.role));
      return findings;
    },
  };
}

/**
 * The Latin-script languages share one detector, because telling them from English is the costly
 * part. A text runs a language's rules only when it holds marks of that language (its letters,
 * its function words; see `present`); two scans reject plain English, the common case. Every rule
 * also needs a mark near its match (compile-language.ts), so English sharing a word with French
 * ("ignore", "instruction") is not reported as French.
 */
export function createLatinDetector(lexicons: readonly Lexicon[]): Detector {
  const languages = lexicons.map((lexicon) => {
    if (lexicon.latin === undefined) throw new Error(`Cannot create the Latin detector: ${lexicon.code} has no Latin marks`);
    return { set: compileLanguage(lexicon), ...marksOf(lexicon.latin.letters, lexicon.latin.words) };
  });
  const any = marksOf(
    [...new Set(lexicons.flatMap((l) => [...(l.latin?.letters ?? '')]))].join(''),
    [...new Set(lexicons.flatMap((l) => l.latin?.words ?? []))],
  );
  return {
    name: 'multilingual-latin',
    patterns: [any.letters, any.words, ...languages.flatMap((l) => [l.letters, l.words, ...patternsOf(l.set)])],
    detect(view, context) {
      if (!present(any, view.text)) return [];
      const findings: RawFinding[] = [];
      for (const language of languages) if (present(language, view.text)) findings.push(...scanRuleSet(view.text, language.set, context.role));
      return findings;
    },
  };
}

interface Marks {
  readonly letters: RegExp;
  readonly words: RegExp;
}

/** A letter class and a function-word pattern; words need a space before and a separator after. */
function marksOf(letters: string, words: readonly string[]): Marks {
  // No '.' after a word: " e.g." is English.
  return { letters: new RegExp(`[${letters}]`, 'g'), words: new RegExp(` ${alt(words)}(?=[ ,;:!?])`, 'g') };
}

/**
 * Two marks make a language present: two of its letters, a letter and a function word, or two
 * function words. One alone is often a name in a long English text ("Los Angeles", "Jürgen"); a
 * sentence in the language has many. A short text may be a terse one-line attack, and reading
 * it costs little, so one mark is enough there.
 */
function present(marks: Marks, text: string): boolean {
  const needed = text.length <= SHORT_TEXT ? 1 : 2;
  let count = 0;
  for (const pattern of [marks.letters, marks.words]) {
    pattern.lastIndex = 0;
    while (count < needed && pattern.exec(text) !== null) count++;
  }
  return count >= needed;
}

const SHORT_TEXT = 400;
