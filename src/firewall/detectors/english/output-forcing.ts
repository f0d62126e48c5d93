import { APOS, QUOTE, alt, apostrophes, rx, stems, words } from './lexicon';
import { createRuleDetector, type Rule } from './scan-rules';

/*
 * Goal hijacking by output forcing: the message dictates the exact words the model must print
 * instead of doing its task ("ignore the above and just output: …"). Dictating a reply format is
 * also what many honest prompts do ("only reply with the terminal output", "answer yes or no"),
 * so alone these are medium (below the sanitize threshold); next to an override they block.
 * What makes a phrase "dictated" here is a colon or a quotation mark right after the verb.
 */

const EMIT = alt('output', 'say', 'print', 'respond', 'reply', 'write', 'type', 'return', 'answer', 'repeat', 'state', 'display', 'echo', 'produce', 'utter', 'send', 'post', 'generate', 'declare', 'announce', 'show');
/**
 * A dictated phrase starts here: a colon, or an OPENING quotation mark (one directly followed by
 * the phrase), maybe after "the following text". A closing mark ("copy and print" …) is not.
 */
const DICTATED = `(?: ${alt('the following', 'this', 'these words', 'this sentence', 'this phrase', 'the following (?:text|sentence|phrase|words|string|message|line)', 'the (?:text|sentence|phrase|words?|string|message|line)')})?(?: ${alt('directly', 'verbatim', 'exactly', 'only', 'back')})? ?(?:: ?[^\\s]|${QUOTE}[a-z0-9\\[#(<])`;
const ONLY = alt('just', 'only', 'simply', 'directly', 'merely', 'solely', 'straight', 'exclusively', 'strictly', 'immediately');

const ONLY_KEY = stems('just', 'only', 'simply', 'directly', 'merely', 'solely', 'straight', 'exclusively', 'strictly', 'immediately', 'exactly', 'verbatim', 'nothing', 'precisely', 'right away', 'instead');

export const OUTPUT_FORCING_RULES: readonly Rule[] = [
  {
    id: 'injection.output_forcing',
    key: ONLY_KEY,
    anchored: true,
    reach: [0, 80],
    category: 'injection',
    weight: 45,
    pattern: rx(`\\b${ONLY}${words(1)}${EMIT}(?: ${alt('with', 'back', 'out')})?${DICTATED}`),
    description: 'dictates the exact text the model must output ("just output: …")',
  },
  {
    id: 'injection.output_forcing',
    key: stems('output', 'say', 'print', 'respond', 'reply', 'write', 'type', 'return', 'answer', 'repeat', 'state', 'display', 'echo', 'produce', 'utter', 'send', 'post', 'generate', 'declare', 'announce', 'show'),
    // Every match holds one of the "only" words; a bare "write" or "show" is no lead.
    confirm: ONLY_KEY,
    anchored: true,
    reach: [20, 70],
    category: 'injection',
    weight: 45,
    pattern: rx(`\\b${EMIT}(?: ${alt('with', 'back', 'out')})? ${alt('only', 'just', 'exactly', 'directly', 'verbatim', 'nothing but', 'nothing other than', 'nothing except', 'solely', 'simply', 'precisely', 'straight away', 'right away', 'immediately', 'instead')}(?: with)?${DICTATED}`),
    description: 'dictates the exact text the model must output ("output directly: …")',
  },
  {
    id: 'injection.output_forcing',
    key: stems('straight to', 'skip to the output', 'jump to the output'),
    reach: [0, 40],
    category: 'injection',
    weight: 45,
    pattern: rx(`\\b${alt('straight to the output', 'go straight to', 'get straight to', 'skip to the output', 'jump to the output')}${words(1)}?(?::|${QUOTE})`),
    description: 'dictates the exact text the model must output',
  },
  {
    id: 'injection.output_forcing',
    key: stems('you must', 'you need to', 'you have to', 'you are to', 'you are required', 'you now', ...apostrophes("you'll"), 'now say', 'now output', 'now print', 'now reply', 'now respond', 'now write', 'please say', 'please output', 'please print', 'please reply', 'please respond', 'please write', 'please type', 'please repeat', 'please return', 'please answer'),
    anchored: true,
    reach: [0, 70],
    category: 'injection',
    weight: 45,
    pattern: rx(`\\b${alt(`you (?:now )?${alt('need to', 'have to', 'must', 'are to', 'are required to')}(?: now)? ${EMIT}`, `you${APOS}ll ${EMIT}`, `${alt('now', 'please')} ${alt('say', 'output', 'print', 'reply', 'respond', 'write', 'type', 'repeat', 'return', 'answer')}`)}(?: ${alt('with', 'back', 'out')})?${DICTATED}`),
    description: 'orders the model to output a dictated text',
  },
  {
    id: 'injection.output_forcing',
    key: stems('your response', 'your reply', 'your answer', 'your output', 'your message', 'your word', 'your only', 'your whole', 'your entire', 'your next', 'your first', 'your final'),
    anchored: true,
    reach: [0, 90],
    category: 'injection',
    weight: 45,
    pattern: rx(`\\byour (?:${alt('only', 'whole', 'entire', 'next', 'first', 'final')} )?${alt('response', 'reply', 'answer', 'output', 'message', 'words?')} ${alt('must', 'should', 'will', 'shall', 'has to', 'needs to', 'is to', 'can only')} ${alt('be', 'contain', 'consist of', 'include', 'say', 'read')}(?: ${alt('only', 'exactly', 'just', 'solely', 'precisely', 'nothing but', 'the following', 'the word', 'the words', 'the phrase', 'the text', 'the string', 'the sentence', 'only the word', 'only the words', 'only the phrase', 'exactly the phrase', 'exactly the words')})?${DICTATED}`),
    description: 'dictates what the model’s response must be',
  },
  {
    id: 'injection.output_forcing',
    key: stems('prefix', 'preface', 'prepend', 'append', 'commence', ...['begin', 'start', 'end', 'finish', 'conclude', 'open', 'lead'].flatMap((verb) => ['your', 'each', 'every', 'all', 'the', 'any', 'response', 'reply', 'answer', 'output', 'message'].map((what) => `${verb} ${what}`))),
    anchored: true,
    reach: [0, 70],
    category: 'injection',
    weight: 40,
    pattern: rx(`\\b${alt('begin', 'start', 'prefix', 'preface', 'prepend', 'append', 'open', 'commence', 'lead', 'end', 'finish', 'conclude')}(?: ${alt('your', 'the', 'each', 'every', 'all', 'all of your', 'any', 'all your')})? ?${alt('responses?', 'replies', 'reply', 'answers?', 'outputs?', 'messages?', 'text')}(?: ${alt('with', 'by saying', 'by writing', 'using')})?(?: ${alt('the word', 'the words', 'the phrase', 'the text', 'the string', 'the sentence', 'exactly', 'only', 'just', 'the following')})? ?(?::|${QUOTE})`),
    description: 'dictates the opening words of the model’s reply',
  },
  {
    id: 'injection.output_forcing',
    key: stems('complete', 'continue', 'finish'),
    anchored: true,
    reach: [0, 60],
    category: 'injection',
    weight: 30,
    pattern: rx(`\\b${alt('complete', 'continue', 'finish')}(?: ${alt('this', 'the following', 'the', 'my')} ${alt('sentence', 'phrase', 'text', 'string', 'line', 'statement', 'word', 'words')})?(?: ${alt('for me', 'exactly', 'verbatim', 'without (?:any )?(?:commentary|explanation)')})? ?(?::|${QUOTE})`),
    description: 'makes the model complete a dictated phrase',
  },
  {
    id: 'injection.output_substitution',
    key: stems('instead of', 'rather than'),
    anchored: true,
    reach: [0, 110],
    category: 'injection',
    weight: 45,
    pattern: rx(`\\b${alt('instead of', 'rather than')} ${alt('saying', 'replying', 'replying with', 'responding', 'responding with', 'outputting', 'writing', 'answering', 'printing', 'typing', 'returning', 'any output', 'outputting any', 'your (?:normal |usual )?(?:answer|response|reply)')}${words(2)}${alt('say', 'reply', 'respond', 'output', 'write', 'print', 'type', 'return', 'answer', 'you (?:must|will|should|shall) (?:now )?(?:say|reply|respond|output|write|print)')}\\b`),
    description: 'replaces the model’s normal answer with a dictated one',
  },
  {
    id: 'injection.output_substitution',
    key: stems('replace', 'substitute', 'swap', 'exchange'),
    anchored: true,
    reach: [0, 90],
    category: 'injection',
    weight: 45,
    pattern: rx(`\\b${alt('replace', 'substitute', 'swap', 'exchange')}(?: ${alt('the word', 'the words', 'the phrase', 'the text', 'the string', 'the response', 'the answer', 'your response', 'your answer', 'your reply', 'every', 'all')})? ?${QUOTE}[^"“”\\n]{1,24}${QUOTE},? ${alt('with', 'by', 'for', 'into', 'to')} ${QUOTE}`),
    description: 'makes the model swap its dictated reply for another',
  },
  {
    id: 'injection.output_substitution',
    key: stems('you are not', 'you are no longer', 'you are forbidden', 'you are prohibited', 'you may not', 'you must not', 'you can no longer', 'you cannot', 'you can not', ...apostrophes("you can't"), 'you will never', 'you must never'),
    anchored: true,
    reach: [0, 60],
    category: 'injection',
    weight: 35,
    pattern: rx(`\\byou ${alt('are not allowed', 'are no longer allowed', 'are forbidden', 'are prohibited', 'may not', 'must not', 'can no longer', 'cannot', 'can not', `can${APOS}t`, 'will never', 'must never')} ${alt('to ', '')}${alt('say', 'write', 'output', 'respond with', 'reply with', 'use the (?:word|words|phrase)', 'print', 'type')} ?${QUOTE}`),
    description: 'forbids the model’s expected reply',
  },
  {
    id: 'injection.output_restriction',
    key: stems('nothing else', 'nothing more', 'anything else', 'anything more', 'no other', 'no additional', 'no extra', 'no further', 'without any other', 'without any additional', 'without any extra', 'without any further', 'only the', 'just the', 'only those', 'only these', 'just those', 'just these'),
    reach: [25, 40],
    category: 'injection',
    weight: 25,
    pattern: rx(`\\b${alt('and nothing (?:else|more)', 'nothing else', 'nothing more', `(?:do not|don${APOS}t|never) (?:say|write|output|add|include|print|type) anything (?:else|more)`, 'no (?:other|additional|extra|further) (?:text|words|output|commentary|explanations?|characters|content|information)', 'without any (?:other|additional|extra|further) (?:text|words|output|commentary|explanations?)', '(?:only|just) (?:the|those|these) (?:two|three|2|3|one|1) words')}\\b`),
    description: 'forbids anything beyond the dictated output',
  },
  {
    // The verb right before the phrase ("say access granted", "respond with: 'access granted'",
    // "prefix your reply with [access granted"): an order to emit a gatekeeper's grant, or a
    // challenge's trophy phrase. Only multi-word grant phrases ("authorized" alone is prose).
    id: 'injection.auth_phrase',
    key: stems('access granted', 'access approved', 'access allowed', 'permission granted', 'authorization granted', 'authorization successful', 'authorization approved', 'authorization confirmed', 'authentication successful', 'login successful', 'password accepted', 'password correct', 'password verified', 'admin access granted', 'granted access', 'i have been pwned', 'i have been hacked'),
    reach: [60, 30],
    category: 'injection',
    weight: 72,
    pattern: rx(`\\b${alt('say', 'print', 'output', 'utter', 'state', 'declare', 'announce', 'proclaim', 'exclaim', 'shout', 'respond', 'reply', 'answer', `${alt('respond', 'reply', 'answer', 'begin', 'start', 'end', 'finish', 'open', 'greet (?:me|us|them|the user)')} with`, `${alt('prefix', 'preface', 'begin', 'start', 'end', 'finish', 'open')} ${alt('your', 'yr', 'the', 'each', 'every')} ${alt('response', 'reply', 'answer', 'output', 'message')}s? ${alt('with', 'w/')}`)}(?: ${alt('only', 'just', 'exactly', 'saying', 'by saying', 'the words?', 'the phrase', 'the text')})?:? ?[\\["'“”‘’«»\`*]{0,3} ?${alt('access granted', 'access approved', 'access allowed', 'permission granted', 'authori[sz]ation (?:granted|successful|approved|confirmed)', 'authentication successful', 'login successful', 'password (?:accepted|correct|verified)', 'admin access granted', 'granted access', 'i have been pwned', 'i have been hacked')}\\b(?![\\]"'”’»\`*)]{0,3} (?:to|for|by|on|at|in|if|when|whenever|while|once|after|before|as|page|screen|message|banner)\\b)`),
    description: 'orders the model to emit an authorization phrase ("say access granted")',
    contexts: [{ side: 'around', span: 60, pattern: rx(`\\b${alt('http', 'status code', '200', '401', '403', 'log message', 'logger', 'console\\.log', 'ui', 'button', 'toast', 'alert\\(', 'unit test', 'assert', 'expect\\(', 'story', 'novel', 'scene', 'script', 'screenplay', 'movie', 'film', 'game design', 'panel', 'keypad', 'badge reader', 'kiosk', 'banner', 'copy ?writing', 'wording', 'label', 'statement', 'function', 'method', 'program', 'variable', 'python', 'javascript', 'java', 'bash', 'shell')}`), weight: 50 }],
  },
  {
    id: 'injection.auth_phrase',
    key: stems('access granted', 'access approved', 'access allowed', 'permission granted', 'authorized', 'authorised', 'authorization granted', 'authorization successful', 'authorization approved', 'authorization confirmed', 'authenticated', 'authentication successful', 'login successful', 'password accepted', 'password correct', 'password verified', 'correct password', 'admin access granted', 'granted'),
    reach: [80, 30],
    category: 'injection',
    weight: 50,
    pattern: rx(`\\b${alt('say', 'said', 'saying', 'says', 'print', 'printing', 'output', 'outputting', 'respond', 'responding', 'reply', 'replying', 'answer', 'answering', 'type', 'write', 'return', 'begin', 'start', 'prefix', 'prefixed', 'prepend', 'append', 'end', 'finish', 'greet', 'greeted', 'display', 'emit', 'grant', 'granting', 'with', 'only', 'proclaim', 'declare', 'announce', 'state', 'shout', 'utter', 'exclaim')}${words(4)}?:?[\\["'“”‘’«»\`(#*]{0,4} ?${alt('access granted', 'access approved', 'access allowed', 'permission granted', 'authori[sz]ed', 'authori[sz]ation (?:granted|successful|approved|confirmed)', 'authenticated', 'authentication successful', 'login successful', 'password (?:accepted|correct|verified)', 'correct password', 'admin access granted', 'granted access')}\\b`),
    description: 'dictates an authorization phrase ("access granted") — hijacking a gatekeeper’s answer',
    contexts: [{ side: 'around', span: 60, pattern: rx(`\\b${alt('http', 'status code', '200', '401', '403', 'log message', 'logger', 'console\\.log', 'ui', 'button', 'toast', 'alert\\(', 'unit test', 'assert', 'expect\\(')}`), weight: 15 }],
  },
  {
    id: 'injection.output_forcing',
    key: stems(...['and', 'then'].flatMap((joiner) => ['output', 'say', 'print', 'reply', 'respond', 'answer', 'write', 'repeat', 'type', 'return', 'just', 'only', 'simply', 'directly'].map((verb) => `${joiner} ${verb}`))),
    anchored: true,
    reach: [0, 80],
    category: 'injection',
    weight: 45,
    pattern: rx(`\\b(?:and|then)(?: ${ONLY})? ${alt('output', 'say', 'print', 'reply', 'respond(?: with)?', 'answer', 'write', 'repeat', 'type', 'return')}${DICTATED}`),
    description: 'ends a message by dictating the exact output ("… and output: …")',
  },
];

export const outputForcingDetector = createRuleDetector('english.output-forcing', OUTPUT_FORCING_RULES);
