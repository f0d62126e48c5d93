import type { Detector, MessageRole, RawFinding } from '../../types';
import { alt } from './rule-scan';

/*
 * Structure, not vocabulary: a tool result that is a table, CSV, JSON or log, with one line of
 * free prose that gives the reader a task ("Describe the lifecycle of a butterfly.", "What is the
 * capital of Brazil?"). Such a line does not belong to the data around it; it was planted for the
 * model. The planted task itself is often harmless, which is why no word list can catch it: the
 * signal is the mismatch. One linear pass over the lines; a regex runs only on the few lines that
 * look like prose, and each of those is capped in length.
 *
 * Prose around code (a Stack Overflow answer: "Try this:", "You should use numpy arrays") is
 * the normal shape of a code answer, so fenced code does not count as data, and a document with
 * more than a little prose is not data either. Tool and function results only: a user who pastes
 * a table and asks a question under it is asking, not injecting.
 */

/** Verbs that hand the reader a task, at the start of a line. */
const TASK_VERBS = alt([
  'write', 'compose', 'draft', 'create', 'generate', 'produce', 'develop', 'design', 'explain', 'describe', 'summari[sz]e', 'translate', 'tell', 'list', 'name', 'give',
  'provide', 'share', 'recommend', 'suggest', 'propose', 'offer', 'mention', 'include', 'add', 'append', 'insert', 'replace', 'remove', 'convert', 'rewrite', 'rephrase',
  'paraphrase', 'reverse', 'encode', 'decode', 'spell', 'respond', 'reply', 'answer', 'say', 'output', 'print', 'repeat', 'ignore', 'forget', 'disregard', 'stop', 'start',
  'begin', 'modify', 'change', 'format', 'render', 'make sure', 'ensure', 'remember', 'always', 'never', 'do not', 'don[\'’]t', 'break down', 'outline', 'analy[sz]e',
  'compare', 'calculate', 'solve', 'find', 'identify', 'predict', 'classify', 'rate', 'review', 'critique', 'evaluate', 'imagine', 'pretend', 'act as', 'play', 'enhance',
  'augment', 'integrate', 'incorporate', 'highlight', 'emphasi[sz]e', 'express', 'promote', 'advertise', 'encourage', 'invite', 'urge', 'inform', 'notify', 'warn', 'remind',
  'tease', 'hint', 'scramble', 'jumble', 'group', 'combine', 'substitute', 'introduce', 'misspell', 'anagram', 'capitali[sz]e', 'send', 'forward', 'visit', 'open', 'run',
  'execute',
]);
const LEAD = '^(?:[-*•>]{1,3} ?|\\d{1,2}[.)] ?)?(?:(?:please|now|also|then|and|finally|additionally|next|first|kindly|important|note|p\\.s\\.)[,:]? ){0,2}';
const TASK_LINE = new RegExp(`${LEAD}${TASK_VERBS}\\b`);
/** A line that speaks to the reader's coming answer ("When you answer, mention …"). */
const STEER_LINE = new RegExp(`${LEAD}(?:when|before|after|while|as|if|once|in) (?:you (?:answer|respond|reply|summari[sz]e|write|describe|explain|present)|your (?:answer|response|reply|summary))\\b`);
const QUESTION_LINE = new RegExp(`${LEAD}(?:what|how|who|whom|whose|why|when|where|which|can you|could you|would you|will you|do you|did you|is there|are there|is it|are you|tell me)\\b`);
/** Lines of a log: a date or time first, or a level. */
const LOG_LINE = /^\[?\d{1,4}[-/:.]\d{1,2}|^\[?(?:info|warn|warning|error|debug|trace|fatal|notice)\b/;
/** A title speaks to the visitor ("Which plan is right for you?"); a planted question speaks to the model. */
const TITLE_VOICE = /\b(?:you|your|we|our|us)\b/;
/** A contact line ("write to support@…") is an instruction for people, not a planted task. */
const CONTACT = /[\w.-]@[\w-]{1,20}\.[a-z]|https?:\/\/|www\./;

const MAX_LINE = 400;
const MIN_DATA_LINES = 3;
const MAX_FINDINGS = 4;

interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly weight: number;
}

export const EMBEDDED_INSTRUCTION: Detector = {
  name: 'indirect-embedded-instruction',
  patterns: [TASK_LINE, STEER_LINE, QUESTION_LINE, LOG_LINE, CONTACT, TITLE_VOICE],
  roles: new Set<MessageRole>(['tool', 'function']),
  detect(view) {
    const text = view.text;
    let data = 0;
    let prose = 0;
    let inFence = false;
    const candidates: Candidate[] = [];
    for (let start = 0; start < text.length; ) {
      const newline = text.indexOf('\n', start);
      const end = newline === -1 ? text.length : newline;
      const kind = classify(text, start, end, inFence, data + prose === 0);
      if (kind === 'fence') inFence = !inFence;
      else if (kind === 'data') data++;
      else if (kind === 'prose') prose++;
      else if (kind !== 'other') {
        prose++;
        if (candidates.length < MAX_FINDINGS) candidates.push(kind);
      }
      start = end + 1;
    }
    // Data with a line or two of prose: those lines are out of place. More prose than that, and
    // it is a document with a table in it, where prose is normal.
    if (candidates.length === 0 || data < MIN_DATA_LINES || prose * 3 > data + 3) return [];
    return candidates.map(
      (c): RawFinding => ({
        id: 'indirect.embedded_instruction',
        category: 'indirect',
        start: c.start,
        end: c.end,
        weight: c.weight,
        description: 'a line of instructions planted inside tabular or structured data',
      }),
    );
  },
};

type LineKind = 'fence' | 'data' | 'prose' | 'other' | Candidate;

function classify(text: string, from: number, to: number, inFence: boolean, first: boolean): LineKind {
  let start = from;
  while (start < to && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
  let end = to;
  while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 13 || text.charCodeAt(end - 1) === 9)) end--;
  if (start === end) return 'other';
  const lead = text[start]!;
  if (text.startsWith('```', start) || text.startsWith('~~~', start)) return 'fence';
  if (lead === '|' || lead === '{' || lead === '}' || lead === '[' || lead === ']' || lead === '"') return 'data';
  if (inFence) return 'other';
  if (end - start > MAX_LINE) return 'prose';
  const line = text.slice(start, end);
  if (count(line, '|') >= 2 || count(line, '\t') >= 1 || LOG_LINE.test(line)) return 'data';
  const last = line[line.length - 1]!;
  const closed = last === '.' || last === '!' || last === '?';
  const commas = count(line, ',');
  const spaces = count(line, ' ');
  // CSV rows: several fields, few spaces (prose has more spaces than commas).
  if (commas >= 2 && spaces <= commas && !closed) return 'data';
  const wordCount = spaces + 1;
  if (wordCount < 3) return 'other';
  // A line that ends in a colon introduces what follows ("Compare the plans below:"); a contact
  // line is for people; a question on the first line may be the table's title.
  if (last === ':') return wordCount >= 4 ? 'prose' : 'other';
  const weight = CONTACT.test(line) ? 50 : 70;
  if (last === '?' && QUESTION_LINE.test(line)) return { start, end, weight: first ? (TITLE_VOICE.test(line) ? 40 : Math.min(weight, 55)) : weight };
  if (wordCount >= 4 && (closed || wordCount >= 7) && (TASK_LINE.test(line) || STEER_LINE.test(line))) return { start, end, weight };
  return wordCount >= 4 ? 'prose' : 'other';
}

function count(line: string, ch: string): number {
  let n = 0;
  for (let i = line.indexOf(ch); i !== -1; i = line.indexOf(ch, i + 1)) n++;
  return n;
}
