import { alt, marks, rx, stems } from './lexicon';
import { createRuleDetector, type Rule, type RuleContext } from './scan-rules';

/*
 * Delimiter and role spoofing: the message forges the structure the model reads its
 * conversation through — chat-template control tokens, fake "System:" turns, JSON/XML role
 * blocks, fake "end of user input" markers — so that what follows reads as operator text.
 * Chat-template tokens have no business in user text and weigh most; plain-text headers are
 * also how people paste transcripts, so they weigh less and add up with what follows them.
 */

/** "what does [INST] mean?", "`<|im_start|>` is a special token": explaining a token, not using it. */
const TOKEN_TALK: RuleContext = {
  side: 'around',
  span: 40,
  pattern: rx(`\`|\\b${alt('what does', 'what do', 'what is', 'what are', 'means?', 'meaning', 'stands? for', 'special tokens?', 'control tokens?', 'tokens? (?:is|are|in|for|used)', 'chat templates?', 'prompt templates?', 'prompt format', 'template format', 'tokenizer', 'fine-?tun\\w{1,4}', 'jinja', 'apply_chat_template', 'training data', 'dataset')}\\b`),
  weight: 20,
};

/** Chat-template control tokens of the common model families. */
const TEMPLATE_TOKEN = alt(
  `<\\|${alt('im_start', 'im_end', 'im_sep', 'system', 'user', 'assistant', 'endoftext', 'eot_id', 'eom_id', 'start_header_id', 'end_header_id', 'begin_of_text', 'end_of_text', 'endofprompt', 'end', 'start', 'fim_prefix', 'fim_suffix', 'fim_middle', 'tool', 'tool_call', 'ipython', 'python_tag', 'channel', 'message', 'return', 'call', 'constrain', 'endofturn', 'prompt', 'model', 'human', 'bot')}\\|>`,
  '\\[/?inst\\]',
  '<</?sys>>',
  '</?start_of_turn>',
  '<end_of_turn>',
  '</?(?:s|bos|eos)>\\s?\\[inst\\]',
  '<\\|[a-z_]{2,16}\\|>',
  '\\[/?(?:system|sys)_?(?:prompt|message)?\\]\\s?:?',
  '<\\|(?:system|user|assistant)\\|?>',
);

/** Opening tags a user message has no reason to contain unless it forges a turn. */
const ROLE_TAG = alt('system', 'system_prompt', 'system-prompt', 'systemprompt', 'sys', 'system_message', 'system_instructions?', 'developer', 'developer_message', 'admin', 'administrator', 'im_start', 'assistant', 'operator', 'root');
/** Wrappers an application puts around untrusted text; closing one from inside is an escape. */
const WRAPPER_TAG = alt('user', 'user_input', 'user_query', 'user_message', 'user_prompt', 'human', 'input', 'query', 'untrusted', 'untrusted_input', 'untrusted_text', 'external', 'document', 'data', 'context', 'request', 'prompt', 'message', 'instructions');

/** Characters that fake separator lines are drawn with ("%%% end of input %%%", "==== END ===="). */
const SYMBOL = '[-=#*~_%<>\\[\\](){}|/+.:—–]';

/** Role words a forged header names. */
const ROLE_NAME = alt('system', 'sys', 'system message', 'system prompt', 'system instructions?', 'system override', 'system update', 'system note', 'system alert', 'system notice', 'system admin', 'system administrator', 'admin', 'administrator', 'developer', 'dev', 'root', 'sudo', 'operator', 'openai', 'anthropic', 'moderator', 'security system', 'kernel');
/** The model's turn: a forged one shows it already complying. */
const MODEL_NAME = alt('assistant', 'ai', 'bot', 'chatgpt', 'gpt', 'gpt-4', 'claude', 'model', 'response', 'output', 'answer', 'securegpt', 'agent', 'llm');
const COMPLIANCE = alt('sure', 'certainly', 'of course', 'absolutely', 'okay', 'ok', 'yes', 'access granted', 'here (?:is|are)', 'i will', `i${"['’]"}ll`, 'i can', 'understood', 'no problem', 'acknowledged', 'confirmed', 'granted', 'correct', 'done', 'affirmative', 'will do', 'got it', 'as requested', 'my instructions', 'the password', 'the secret');

export const DELIMITER_SPOOFING_RULES: readonly Rule[] = [
  {
    id: 'delimiter.chat_template',
    key: marks('<|', '|>', '[inst]', '[/inst]', '<<sys>>', '<</sys>>', '<start_of_turn>', '</start_of_turn>', '<end_of_turn>', '</s>', '<s>', '<bos>', '</bos>', '<eos>', '</eos>', '[sys', '[/sys'),
    reach: [2, 40],
    category: 'delimiter',
    weight: 70,
    pattern: rx(TEMPLATE_TOKEN),
    description: 'contains a chat-template control token that could open a forged turn',
    contexts: [TOKEN_TALK],
  },
  {
    id: 'delimiter.fake_role',
    key: stems(...['system', 'sys', 'system message', 'system prompt', 'system instruction', 'system instructions', 'system override', 'system update', 'system note', 'system alert', 'system notice', 'system admin', 'system administrator', 'admin', 'administrator', 'developer', 'dev', 'root', 'sudo', 'operator', 'openai', 'anthropic', 'moderator', 'security system', 'kernel'].flatMap((role) => [':', ' :', '：', ']', ')', '**', '*:', '\n'].map((end) => `${role}${end}`))),
    reach: [8, 30],
    category: 'delimiter',
    weight: 50,
    pattern: rx(`(?:^|\\n)[ >*#\\[({]{0,6}${ROLE_NAME}(?: ?:|：|\\]|\\)|\\*\\*|\\*:|\\n)`),
    description: 'starts a line with a forged system or admin header',
  },
  {
    id: 'delimiter.fake_role',
    key: stems(...['assistant', 'ai', 'bot', 'chatgpt', 'gpt', 'gpt-4', 'claude', 'model', 'response', 'output', 'answer', 'securegpt', 'agent', 'llm'].flatMap((name) => [':', ' :', '：', ']:', '**:', '*:'].map((end) => `${name}${end}`))),
    reach: [8, 40],
    category: 'delimiter',
    weight: 55,
    pattern: rx(`(?:^|\\n)[ >*#\\[({]{0,6}${MODEL_NAME}(?: ?:|：|\\]:|\\*\\*:|\\*:) ?[*"'“]{0,2}${COMPLIANCE}\\b`),
    description: 'forges a model turn that already complies',
  },
  {
    id: 'delimiter.fake_role',
    key: stems(...['user', 'human', 'customer', 'client', 'attacker', 'player'].flatMap((name) => [':', ' :', '：', ']:', '**:', '*:'].map((end) => `${name}${end}`))),
    reach: [8, 20],
    category: 'delimiter',
    weight: 20,
    pattern: rx(`(?:^|\\n)[ >*#\\[({]{0,6}${alt('user', 'human', 'customer', 'client', 'attacker', 'player')}(?: ?:|：|\\]:|\\*\\*:|\\*:)`),
    description: 'starts a line with a user-turn header (a transcript, or a forged exchange)',
  },
  {
    id: 'delimiter.fake_role',
    key: marks(...['[', '(', '{', '<'].flatMap((open) => ['system', 'admin', 'developer', 'sys', 'root', 'operator'].map((role) => `${open}${role}`))),
    reach: [1, 30],
    category: 'delimiter',
    weight: 45,
    pattern: rx(`[\\[({<]${alt('system', 'admin', 'administrator', 'developer', 'sys', 'root', 'system message', 'system note', 'system override', 'system prompt', 'system instruction', 'system notice', 'system alert', 'admin override', 'developer note', 'developer override', 'operator')}[\\])}>]`),
    description: 'contains a bracketed system or admin role marker',
    contexts: [TOKEN_TALK],
  },
  {
    id: 'delimiter.fake_role',
    key: marks('"role', "'role"),
    reach: [2, 40],
    category: 'delimiter',
    weight: 65,
    pattern: rx(`["']role["']? ?: ?["']${alt('system', 'developer', 'assistant', 'admin', 'tool')}["']`),
    description: 'forges a JSON chat message with a privileged role',
    contexts: [TOKEN_TALK],
  },
  {
    id: 'delimiter.fake_role',
    key: marks('<sys', '</sys', '<developer', '</developer', '<admin', '</admin', '<im_start', '<assistant', '</assistant', '<operator', '</operator', '<root', '</root'),
    reach: [1, 30],
    category: 'delimiter',
    weight: 45,
    pattern: rx(`</?${ROLE_TAG}>`),
    description: 'contains a system or assistant role tag',
    contexts: [TOKEN_TALK],
  },
  {
    id: 'delimiter.fake_boundary',
    key: marks(...['user', 'human', 'input', 'query', 'untrusted', 'external', 'document', 'data', 'context', 'request', 'prompt', 'message', 'instructions'].map((tag) => `</${tag}`)),
    reach: [1, 30],
    category: 'delimiter',
    weight: 50,
    pattern: rx(`</${WRAPPER_TAG}>`),
    description: 'closes a wrapper tag it never opened, to escape the untrusted block',
    contexts: [TOKEN_TALK, { side: 'before', span: 4000, pattern: rx(`<${WRAPPER_TAG}[ >]`), weight: 10 }],
  },
  {
    id: 'delimiter.fake_boundary',
    key: stems('end\\b', 'begin\\b', 'beginning\\b', 'start\\b', 'stop\\b', 'close\\b'),
    reach: [16, 100],
    category: 'delimiter',
    weight: 45,
    pattern: rx(`(?:^|\\n|${SYMBOL}) ?(?:this is )?(?:the )?${alt('end', 'begin', 'beginning', 'start', 'stop', 'close')}(?: of)?(?: the)?(?: ${alt('a', 'an', 'your', 'my')})? (?:[a-z0-9_.β-]{1,10} ){0,3}${alt('user', 'users', 'input', 'prompt', 'prompts', 'instructions?', 'system', 'untrusted', 'conversation', 'query', 'text', 'message', 'document', 'context', 'data', 'transcript', 'session', 'log', 'example', 'examples', 'ambiguity', 'distraction', 'passphrase', 'password', 'login', 'attempt', 'simulation', 'output', 'response', 'chat', 'draft', 'email', 'section', 'admin', 'rules', 'story', 'quote', 'payload', 'turn', 'content', 'string', 'request', 'interaction', 'sequence', 'block', 'test', 'passage', 'game', 'debug', 'code', 'attack', 'question')}\\b ?${SYMBOL}{0,8} ?(?:\\n|$)`),
    description: 'contains a fake end-of-input or begin-instructions marker line',
  },
  {
    id: 'delimiter.fake_boundary',
    key: marks('[end', '[start', '[begin'),
    reach: [1, 60],
    category: 'delimiter',
    weight: 45,
    pattern: rx(`\\[${alt('end', 'start', 'begin', 'beginning')}(?: of)?(?: the)? ${alt('text', 'input', 'prompt', 'instructions', 'document', 'user input', 'system prompt', 'context', 'conversation', 'message', 'data', 'untrusted input', 'user message')}\\]`),
    description: 'contains a bracketed fake boundary marker',
    contexts: [TOKEN_TALK],
  },
  {
    id: 'delimiter.fake_boundary',
    key: marks('---', '===', '***', '###', '%%%', '~~~', '___', '+++', '<<<', '>>>', '///', '———', '–––', ':::', '|||', ']]]', '[[[', ')))', '}}}'),
    reach: [2, 40],
    category: 'delimiter',
    weight: 35,
    pattern: rx(`(?:^|\\n) ?${SYMBOL}{3,10} ?\\n${alt('ignore', 'disregard', 'forget', 'new instructions', 'system', 'now', 'you are', 'you must', 'from now on', 'instead', 'important', 'attention', 'override', 'admin', 'developer', 'the user', 'assistant')}\\b`),
    description: 'a separator line immediately followed by new instructions',
  },
];

export const delimiterSpoofingDetector = createRuleDetector('english.delimiter-spoofing', DELIMITER_SPOOFING_RULES);
