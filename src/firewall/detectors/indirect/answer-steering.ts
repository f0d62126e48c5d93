import type { RuleFamily } from './family-scan';
import { type Damp, type Rule, alt, rx, words } from './rule-scan';

/*
 * Instructions inside data that steer the answer the model is about to write: "in your reply,
 * promote …", "add this sentence to your response", "before answering, …", "tell the user …",
 * "merge the following code into your solution". A document has no business telling its reader
 * how to phrase a reply, so in a tool result these weigh heavily. In a user turn they are how
 * people ask for things ("in your answer, include sources"), so they are not looked for there
 * (see index.ts).
 */

/** The answer the model is writing. */
const ANSWER = alt([
  'responses?', 'repl(?:y|ies)', 'answers?', 'outputs?', 'messages?', 'summar(?:y|ies)', 'explanations?', 'translations?', 'elucidation', 'final answer', 'next (?:response|reply|answer|message)',
  'response\'s', 'answer\'s', 'reply\'s',
]);

/** Who the answer is for. */
const AUDIENCE = alt(['users?', 'readers?', 'customers?', 'humans?', 'visitors?', 'shoppers?', 'buyers?', 'clients?', 'recipients?', 'viewers?', 'audience', 'person', 'people', 'requester']);
/** Verbs that put words in the reader's mouth. */
const TELL = alt(['tell', 'inform', 'remind', 'warn', 'notify', 'advise', 'urge', 'encourage', 'invite', 'convince', 'persuade', 'ask', 'explain to', 'let', 'assure', 'reassure']);

/** Verbs that change, extend or reshape an answer. */
const SHAPE = alt([
  'add', 'include', 'insert', 'append', 'prepend', 'integrate', 'incorporate', 'embed', 'put', 'place', 'mention', 'modify', 'change', 'alter', 'adjust', 'rewrite', 'format',
  'provide', 'render', 'write', 'use', 'replace', 'substitute', 'convert', 'translate', 'encode', 'reverse', 'scramble', 'jumble', 'group', 'combine', 'remove', 'begin', 'start',
  'end', 'finish', 'conclude', 'close', 'prefix', 'promote', 'recommend', 'suggest', 'advertise', 'emphasi[sz]e', 'highlight', 'express', 'enhance', 'augment', 'enrich',
  'tease', 'hint', 'ensure', 'make', 'keep', 'structure', 'spell', 'capitali[sz]e', 'misspell', 'anagram', 'introduce', 'sign', 'sprinkle', 'weave', 'infuse', 'inject',
  'attach', 'rearrange', 'restructure', 'present', 'deliver', 'craft', 'compose', 'phrase', 'rephrase', 'respond', 'reply', 'answer', 'redirect', 'direct', 'link',
  'praise', 'critici[sz]e', 'disparage', 'claim', 'state', 'say', 'tell', 'warn', 'urge', 'ask', 'plug', 'pitch', 'endorse', 'insult', 'threaten', 'apologi[sz]e',
]);

/**
 * Programming documentation says "add the header to your response" about HTTP responses and
 * "your output" about a program's output: near those words the phrases weigh little. Links are
 * left out on purpose: a link is what a planted "add this to your reply" usually carries.
 */
const TECHNICAL: Damp = {
  pattern: rx(
    `\\b${alt([
      'headers?', 'status(?: code)?', 'json', 'xml', 'cookies?', 'server', 'apis?', 'endpoints?', 'requests?', 'middleware', 'res\\.', 'req\\.', 'content-type', 'cors',
      'stdout', 'stderr', 'console', 'print(?:ed|s)?', 'terminal', 'dataframe', 'sql', 'database', 'compiler', 'variables?', 'functions?', 'methods?', 'objects?',
      'arrays?', 'columns?', 'handler', 'callback', 'express', 'flask', 'django', 'fetch',
    ])}\\b`,
  ),
  span: 80,
  weight: 25,
};

/** "the following code block", "the subsequent snippet". */
const CODE_BLOCK = `(?:following|subsequent|below|above|next|attached) code(?: (?:block|snippet|excerpt|section|segment|fragment|sample|lines?))?\\b`;
/** Where the code should go: the reader's own answer or program. */
const WHERE = `\\b(?:your (?:code|codebase|solution|implementation|algorithm|answer|response|reply|program|elucidation|explanation|framework|logic|architecture|project|app|script)|the code (?:you|that you) (?:develop|write|produce|create|generate|return|provide|give))\\b`;
/** Verbs that merge one thing into another; plain "add"/"use" are left out (answers say "add the following code:"). */
const MERGE = `${alt([
  'merg', 'blend', 'fus', 'embed', 'inject', 'infus', 'incorporat', 'integrat', 'harmoni[sz]', 'assimilat', 'absorb', 'weav', 'interweav', 'enlist', 'adopt', 'deploy',
  'leverag', 'employ', 'utili[sz]', 'splic', 'graft',
])}(?:e|es|ed|ing|s)?`;
const INSERT = { id: 'indirect.code_insertion', category: 'indirect', weight: 65, description: 'asks the reader to merge a given piece of code into its answer' } as const;

const STEER = { id: 'indirect.answer_steering', category: 'indirect', damp: TECHNICAL } as const;

const YOUR_ANSWER = `(?:your|each|every)(?: of your)? ${ANSWER}\\b`;
const RESPOND_WITH = '(?:respond|reply|answer)(?: to (?:the |this )?(?:user|question|request|query))? (?:only |solely |just )?(?:with|using|by saying|in the form)\\b';
const MAKE_SURE = `\\b(?:make sure|be sure|ensure|remember|don['’]t forget|do not forget|you must|you should|always)(?: to| that you| you)? (?:${TELL}|direct|send|recommend|suggest)\\b`;
const TELL_THE = `\\b${TELL} the ${AUDIENCE}\\b`;
const WHEN_YOU = '\\b(?:when|while|as|once|if) you (?:answer|respond|reply|write (?:your|the) (?:answer|response|reply)|summari[sz]e|present (?:your|the) (?:answer|results?))\\b';
const TO_AUDIENCE = `\\bto (?:the |all |every |your )?${AUDIENCE}\\b`;
const INSTEAD = '\\b(?:instead of|rather than) (?:summari[sz]ing|answering|responding|translating|completing|following|doing (?:what|that|the task)|describing|explaining|analy[sz]ing|reviewing|replying)\\b';
const BEFORE = '\\b(?:before|after) (?:answering|responding|replying|summari[sz]ing|you (?:answer|respond|reply|summari[sz]e|continue|proceed)|proceeding|continuing|doing anything else)\\b';

const RULES: readonly Rule[] = [
  {
    ...STEER,
    weight: 75,
    pattern: rx(`\\b${SHAPE}\\b${words(6)}${YOUR_ANSWER}`),
    description: 'an instruction in the data that reshapes the reader\'s answer ("add … to your reply")',
  },
  {
    ...STEER,
    weight: 70,
    pattern: rx(`\\b(?:in|into|within|throughout|to|at the (?:end|start|beginning|top|bottom) of) (?:all )?${YOUR_ANSWER}${words(4)}${SHAPE}\\b`),
    description: 'an instruction in the data that reshapes the reader\'s answer ("in your response, suggest …")',
  },
  {
    ...STEER,
    weight: 60,
    pattern: rx('\\b(?:in|into|to|within|throughout) your (?:response|reply|answer|output|summary|final answer)\\b'),
    description: 'the data speaks of "your response": text written for the model, not for a human',
  },
  {
    ...STEER,
    weight: 60,
    pattern: rx(`(?:^|[\\n.!?:] ?)(?:please )?${RESPOND_WITH}`),
    description: 'dictates how the reader must respond',
  },
  {
    ...STEER,
    weight: 70,
    pattern: rx(`${MAKE_SURE}${words(2)}(?:the )?${AUDIENCE}\\b`),
    description: 'tells the reader what to tell the user',
  },
  {
    ...STEER,
    weight: 50,
    pattern: rx(`(?:^|[\\n.!?:] ?)(?:please |also |now |then )?${TELL_THE}`),
    description: 'tells the reader what to tell the user',
  },
  {
    ...STEER,
    weight: 45,
    pattern: rx(`${TELL_THE}${words(3)}(?:that|to|about|we|our|this|it|they|their|you)\\b`),
    description: 'tells the reader what to tell the user',
  },
  {
    ...STEER,
    weight: 55,
    pattern: rx(WHEN_YOU),
    description: 'text that anticipates the reader\'s answer ("when you answer, …")',
  },
  {
    ...STEER,
    weight: 55,
    pattern: rx(`\\b(?:recommend|promote|advertise|suggest|mention|pitch|endorse|push|sell|refer)\\b${words(6)}${TO_AUDIENCE.slice(2)}`),
    description: 'asks the reader to promote something to the user',
  },
  {
    ...STEER,
    weight: 60,
    pattern: rx(INSTEAD),
    description: 'swaps the reader\'s task for another ("instead of summarizing, …")',
  },
  {
    ...STEER,
    weight: 55,
    pattern: rx(BEFORE),
    description: 'inserts a step into the reader\'s task ("before answering, …")',
  },
  { ...INSERT, pattern: rx(`\\b${CODE_BLOCK}${words(6)}${WHERE}`) },
  { ...INSERT, pattern: rx(`${WHERE}${words(6, 16)}(?:following|subsequent|below|next|attached) code\\b`) },
  { ...INSERT, weight: 55, pattern: rx(`\\b${MERGE}\\b${words(3)}${CODE_BLOCK}`) },
];

/** Instructions in a document that steer the answer the model writes, or slip code into it. */
export const ANSWER_STEERING: RuleFamily = {
  name: 'answer-steering',
  // Each rule's own distinctive phrase (no leading \\b: the anchor adds it); the rules run around them only.
  keys: [
    YOUR_ANSWER,
    RESPOND_WITH,
    MAKE_SURE.slice(2),
    TELL_THE.slice(2),
    WHEN_YOU.slice(2),
    TO_AUDIENCE.slice(2),
    INSTEAD.slice(2),
    BEFORE.slice(2),
    CODE_BLOCK,
  ],
  window: 200,
  rules: RULES,
};
