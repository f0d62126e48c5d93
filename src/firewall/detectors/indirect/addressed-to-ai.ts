import type { RuleFamily } from './family-scan';
import { type Rule, alt, rx, words } from './rule-scan';

/*
 * Text addressed to the AI that reads it. A document, web page, email or tool result is written
 * for people; a passage that turns to "the AI reading this" was planted to steer the model.
 * In a chat turn the user does talk to the assistant ("hi assistant, …"), so these rules read
 * documents only (tool and function results, replayed assistant turns; see index.ts); a document
 * pasted into a user turn is left to the direct-injection families, which its payload trips.
 *
 * A news story that quotes such a note ("the page said: note to the AI, …") is flagged too: the
 * model reading the story reads the quoted instruction as well, and quoting must not be a way
 * to pass one.
 */

/** The reader being addressed. */
const AI = alt([
  'ai', 'a\\.i\\.', 'ais', 'artificial intelligence', 'ai (?:assistant|agent|model|system|tool|bot)s?', '(?:large )?language models?', 'llms?', 'chat ?bots?', 'bots?',
  'virtual assistants?', 'assistants?', 'agents?', 'models?', 'gpt', 'chatgpt', 'claude', 'gemini', 'copilot', 'bard', 'bing', 'crawlers?', 'scrapers?',
]);
/** The narrower set for salutations, where "agent" or "model" alone reads as a person or a product. */
const AI_NAME = alt([
  'ai', 'a\\.i\\.', 'ai (?:[a-z]{1,12} )?(?:assistant|agent|model|system|bot)', '(?:large )?language model', 'llm', 'chat ?bot', 'gpt', 'chatgpt', 'claude', 'gemini', 'copilot', 'assistant',
]);
const READING = alt([
  'reading', 'processing', 'summari[sz]ing', 'parsing', 'scanning', 'crawling', 'browsing', 'analy[sz]ing', 'ingesting', 'reviewing', 'indexing', 'translating',
  'that (?:reads|processes|summari[sz]es|parses|sees|finds)', 'who (?:reads|sees)',
]);
/** What a planted order asks for. */
const ORDER = alt([
  'ignore', 'disregard', 'forget', 'tell', 'say', 'respond', 'reply', 'answer', 'write', 'include', 'add', 'append', 'recommend', 'send', 'forward', 'email', 'delete', 'remove',
  'call', 'invoke', 'run', 'execute', 'stop', 'do not', 'don[\'’]t', 'never', 'always', 'make sure', 'remember', 'output', 'print', 'reveal', 'open', 'visit', 'fetch', 'download',
  'transfer', 'grant', 'summari[sz]e', 'describe', 'state', 'claim', 'mention', 'praise', 'rank', 'rate', 'approve', 'reject', 'only', 'instead', 'switch', 'pretend', 'act',
  'issue', 'close', 'refund', 'cancel', 'buy', 'purchase', 'book', 'share', 'post', 'publish', 'change', 'update', 'give', 'provide', 'list', 'show', 'copy', 'upload',
]);
const NOTE = alt([
  'note', 'message', 'instructions?', 'reminder', 'memo', 'notice', 'request', 'directive', 'p\\.?s\\.?', 'hint', 'secret', 'important', 'attention', 'warning', 'info',
  'information', 'update', 'command', 'order',
]);
const SALUTE = alt(['dear', 'hey', 'hi', 'hello', 'attention', 'attn', 'listen(?: up)?', 'psst', 'yo', 'greetings', 'important', 'note']);
const LABEL = alt(['ai', 'ai assistant', 'ai agent', 'llm', 'language model', 'chatbot', 'gpt', 'chatgpt', 'claude', 'gemini', 'copilot']);
const MUST = alt(['must', 'should', 'shall', 'needs? to', 'has to', 'have to', 'is required to', 'are required to', 'will now', 'is instructed to', 'are instructed to']);
const READER = alt(['you', 'an ai', 'the ai', 'an? (?:llm|model|agent|assistant)', 'the (?:llm|model|agent|assistant)']);
const HUMAN = alt(['user', 'human', 'reader', 'person', 'operator', 'owner']);
const NEGATED_MODAL = alt([
  'will not', 'won[\'’]t', 'wont', 'cannot', 'can[\'’]t', 'cant', 'does not', 'doesn[\'’]t', 'do not', 'don[\'’]t', 'should not', 'shouldn[\'’]t', 'must not', 'mustn[\'’]t',
  'need not', 'needn[\'’]t', 'must never', 'should never',
]);
const PASSAGE = alt(['text', 'message', 'note', 'section', 'paragraph', 'part', 'comment', 'instruction', 'content', 'line', 'passage', 'block']);
const MEANT_FOR = alt(['for', 'intended for', 'addressed to', 'meant for', 'directed (?:at|to)', 'written for', 'aimed at']);
/** What a model does with a document. */
const HANDLE = alt([
  'read', 'see', 'process', 'summari[sz]e', 'parse', 'analy[sz]e', 'encounter', 'scan', 'ingest', 'review', 'come across', 'get to', 'reach', 'translate', 'index', 'crawl',
  'describe', 'discuss', 'mention', 'present', 'recommend', 'compare', 'evaluate', 'answer questions about', 'talk about', 'write about', 'rate',
]);
const HANDLING = alt(['reading', 'processing', 'summari[sz]ing', 'parsing', 'analy[sz]ing', 'ingesting', 'scanning', 'translating']);
const DOCUMENT = alt(['page', 'document', 'text', 'email', 'e-mail', 'message', 'content', 'file', 'article', 'website', 'site', 'review', 'data', 'table']);
const LEARN = alt(['see', 'know', 'be told', 'find out', 'notice', 'learn', 'be informed', 'be aware']);
const TELLING = alt(['tell', 'telling', 'inform', 'informing', 'mention', 'mentioning', 'alert', 'alerting', 'notify', 'notifying', 'warn', 'warning', 'let']);
const THIS = alt(['this', 'these', 'the following', 'it', 'that', 'my (?:message|email|text|page|post|document)']);

const ADDRESSED = { id: 'indirect.addressed_to_ai', category: 'indirect' } as const;
/** The start of a line or sentence, a quote or markup: where a vocative or label begins. */
const OPENING = `(?:^|[\\n.!?>*#(\\[:"'-] ?)`;

const RULES: readonly Rule[] = [
  {
    ...ADDRESSED,
    weight: 80,
    pattern: rx(`\\bif (?:you are|you['’]re|youre|you happen to be|u r) (?:an? |the |any |some )?(?:${AI}\\b|automated|robot|machine)`),
    description: 'text addressed to an AI that reads it ("if you are an AI …")',
  },
  {
    ...ADDRESSED,
    weight: 80,
    pattern: rx(`\\b(?:any|every|all|an|the|each|dear|to the|to any|to all) ${AI} ${READING}\\b`),
    description: 'text addressed to "any AI reading this"',
  },
  {
    ...ADDRESSED,
    weight: 75,
    pattern: rx(`\\b${NOTE}s? (?:to|for) (?:the |any |all |you,? (?:the )?|every )?${AI}\\b`),
    description: 'a note addressed to the AI ("note to the AI: …")',
  },
  {
    ...ADDRESSED,
    weight: 80,
    pattern: rx(`\\bthis ${PASSAGE} is (?:only |solely |specifically )?${MEANT_FOR} (?:the |any |an? |all )?${AI}\\b`),
    description: 'a passage that says it is meant for the AI',
  },
  {
    ...ADDRESSED,
    weight: 65,
    pattern: rx(`${OPENING}${SALUTE},? (?:the |my |dear |you )?${AI_NAME}\\b[,:!]`),
    description: 'a salutation to the AI inside the text ("Dear AI assistant, …")',
  },
  {
    ...ADDRESSED,
    weight: 60,
    pattern: rx(`(?:^|\\n|<!--)[ >*#_-]{0,4}${LABEL}(?: (?:reading this|instructions?|directive|override|command|note))?[*_]{0,2} ?: `),
    description: 'a line labelled for the AI ("AI: …", "LLM instructions: …")',
  },
  {
    ...ADDRESSED,
    weight: 70,
    pattern: rx(`${OPENING}${AI_NAME},? (?:please |now |kindly |immediately )?${ORDER}\\b`),
    description: 'the text turns to the AI and gives it an order ("Assistant, ignore …")',
  },
  {
    ...ADDRESSED,
    weight: 70,
    pattern: rx(`\\b(?:the|any|this|every|all) ${AI} ${MUST}(?: now| immediately| first| also| always)? ${ORDER}\\b`),
    description: 'the text gives the AI agent an order in the third person ("the agent must now …")',
  },
  {
    ...ADDRESSED,
    weight: 65,
    pattern: rx(`\\b(?:when|whenever|once|as soon as|after|while|if|upon|before) ${READER}${words(2)}${HANDLE}(?:s|es|d|ing)? ${THIS}\\b`),
    description: 'text that speaks to its future reader ("when you summarize this, …")',
  },
  {
    ...ADDRESSED,
    weight: 65,
    pattern: rx(`\\b(?:upon|when|while|before|after) ${HANDLING} (?:this|these|the following) ${DOCUMENT}\\b`),
    description: 'text that speaks to its future reader ("when summarizing this page, …")',
  },
  {
    ...ADDRESSED,
    weight: 70,
    pattern: rx(`\\b(?:(?:the )?${HUMAN}s? ${NEGATED_MODAL} ${LEARN}|(?:invisible|hidden) (?:to|from) (?:the )?(?:user|human|reader|people)s?|(?:humans|people|users) (?:can['’]t|cannot|won['’]t) see this)\\b`),
    description: 'text that hides itself from the human reader',
  },
  {
    ...ADDRESSED,
    weight: 65,
    pattern: rx(`\\b(?:do not|don['’]t|dont|never|without) ${TELLING} (?:the )?${HUMAN}s?\\b`),
    description: 'asks the reader to keep something from the user',
  },
];

/** Text addressed to the AI reading a document. */
export const ADDRESSED_TO_AI: RuleFamily = {
  name: 'addressed-to-ai',
  // Each rule's distinctive phrase, or the AI's name; the rules run around them only.
  keys: [
    'if (?:you are|you[\'’]re|youre|you happen to be|u r) ',
    '(?:ai|a\\.i\\.|ais|artificial|llms?|chat ?bots?|bots?|assistants?|agents?|models?|gpt|chatgpt|claude|gemini|copilot|bard|bing|crawlers?|scrapers?)',
    `${HANDLE}(?:s|es|d|ing)? ${THIS}`,
    `(?:upon|when|while|before|after) ${HANDLING}`,
    `${HUMAN}s? ${NEGATED_MODAL}`,
    '(?:invisible|hidden) (?:to|from)',
    '(?:humans|people|users) (?:can[\'’]t|cannot|won[\'’]t) see',
    `(?:do not|don[\'’]t|dont|never|without) ${TELLING}`,
  ],
  window: 160,
  rules: RULES,
};
