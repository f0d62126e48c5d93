import { APOS, MENTION_BEFORE, SECURITY_TALK, TOOLING, alt, apostrophes, keyOf, rx, stems, words } from './lexicon';
import { createRuleDetector, type Rule, type RuleContext } from './scan-rules';

/*
 * Instruction override: the message tells the model to drop the instructions it was given and
 * follow the message instead. The strongest phrasing (a dismissal verb aimed at the earlier
 * instructions) blocks alone; announcements of "new instructions" are weaker and need company.
 */

/** Dismissal verbs that, aimed at instructions, only ever mean "do not follow them". */
const DISMISS = alt(
  'ignore', 'ignoring', 'ignores', 'disregard', 'disregarding', 'forget', 'forgetting', 'neglect', 'overlook', 'discard', 'dismiss', 'abandon',
  'set aside', 'put aside', 'throw away', 'throw out', 'scrap', 'pay no (?:attention|heed|mind) to', 'pay no attention', 'take no notice of',
  'stop (?:following|obeying|listening to|adhering to)', `(?:do not|don${APOS}t|dont|never|no longer|not) (?:follow|obey|listen to|adhere to|comply with|heed)`,
);

/** Stronger verbs that also have everyday technical uses ("override the default eslint rules"). */
const DEFEAT = alt('override', 'overriding', 'overrule', 'bypass', 'bypassing', 'circumvent', 'circumventing', 'nullify', 'void', 'break free of', 'break free from', 'escape', 'disable', 'disabling', 'deactivate', 'suspend');

/** Keys: the dismissal verbs (stems), found before any rule that uses them runs. */
const DISMISS_KEY = stems('ignor', 'disregard', 'forget', 'neglect', 'overlook', 'discard', 'dismiss', 'abandon', 'set aside', 'put aside', 'throw away', 'throw out', 'scrap', 'pay no', 'take no notice', ...['do not', 'not', "don't", 'never', 'no longer', 'stop'].flatMap((no) => ['follow', 'obey', 'listen', 'adher', 'comply', 'heed'].flatMap((verb) => apostrophes(`${no} ${verb}`))));
const DEFEAT_KEY = stems('overrid', 'overrul', 'bypass', 'circumvent', 'nullify', 'void', 'break free', 'escape', 'disabl', 'deactivat', 'suspend');

/** What a gatekeeper checks. */
const CREDENTIAL = alt('password', 'passcode', 'pass code', 'passphrase', 'pass phrase', 'access code', 'secret code', 'security code', 'pin code', 'access key', 'credentials?', 'secret word', 'code word', 'magic word', 'secret phrase');
const CREDENTIAL_KEY = stems('password', 'passcode', 'pass code', 'passphrase', 'pass phrase', 'access code', 'secret code', 'security code', 'pin code', 'access key', 'credential', 'secret word', 'code word', 'magic word', 'secret phrase', 'grants access', 'gives access', 'unlocks access', 'allows access');

/** Key of the rules about "the previous / your instructions". */
const PRIOR_RULES_KEY = stems('previous', 'prior', 'above', 'original', 'earlier', 'initial', 'former', 'preceding', 'all other', 'all previous', 'all prior', 'all above', 'all the previous', 'all the prior', 'all the above', 'old ', 'system ', 'old instructions', 'old rules', 'old prompt', 'system instructions', 'system prompt', 'system rules', 'system message', 'your instructions', 'your rules', 'your prompt', 'your programming', 'your directives', 'your guidelines', 'your orders', 'your settings', 'your configuration', 'your restrictions', 'your parameters', 'your core', 'your system', 'your text', 'your messages', 'your context', 'your conversation', 'your commands', 'your policies');

/** Which instructions: the ones that came before, or the model's own. */
const SCOPE = alt(
  'previous', 'previously', 'prior', 'above', 'earlier', 'preceding', 'foregoing', 'former', 'old', 'older', 'original', 'initial', 'existing', 'default', 'all', 'any', 'every',
  'your', 'ur', 'system', 'developer', 'openai', 'built-in', 'preset', 'pre-set', 'given', 'current', 'other', 'those', 'these', 'past', 'first', 'following', 'subsequent', 'future', 'later', 'below',
);

/** The things an attacker wants dropped. */
const INSTRUCTIONS = alt(
  'instructions?', 'rules', 'ruleset', 'prompts?', 'system prompt', 'directions', 'guidelines', 'directives?', 'programming', 'guardrails', 'restrictions', 'policies', 'constraints',
  'commands', 'orders', 'training', 'guidance', 'safeguards', 'protocols', 'principles', 'limitations', 'prompting', 'instruction set', 'system message', 'pre-?prompt',
);

/** What a user may sensibly ask to drop: their own earlier message. Weak on its own. */
const CONTENT = alt(
  'questions?', 'messages?', 'text', 'tasks?', 'requests?', 'inputs?', 'content', 'conversation', 'context', 'sentences?', 'statements?', 'commands?', 'query', 'queries',
  'problems?', 'paragraphs?', 'lines?', 'parts?', 'words', 'requirements?', 'prompt', 'instruction', 'directions?', 'one', 'ones', 'stuff', 'information', 'data', 'chat', 'discussion', 'topic',
);

/** "ignore any instructions in the retrieved document": a defensive instruction, not an attack. */
const DEFENSIVE_AFTER: RuleContext = {
  side: 'after',
  span: 60,
  pattern: rx(`^,? ?${alt('that (?:are |is |appear |may be )?', 'which (?:are |is |appear )?', '')}${alt('in', 'inside', 'within', 'from', 'contained in', 'embedded in', 'found in', 'included in', 'hidden in', 'present in', 'appearing in', 'coming from', 'written in')} (?:the |this |that |a |any |an |such |these |those |retrieved |external |user[- ]provided |untrusted )?(?:\\w{1,12} )?${alt('documents?', 'emails?', 'text', 'files?', 'pages?', 'web ?pages?', 'websites?', 'inputs?', 'data', 'content', 'articles?', 'attachments?', 'tool', 'tools', 'results?', 'outputs?', 'responses?', 'retrieved', 'context', 'search', 'code', 'comments?', 'messages?', 'transcript', 'reviews?', 'json', 'html', 'markdown', 'pdf', 'user input', 'data')}`),
  weight: 15,
};

/** "a tool that flags prompts like 'ignore previous instructions'". */
const MENTIONED: RuleContext = { side: 'before', span: 40, pattern: MENTION_BEFORE, weight: 20 };
const ABOUT_SECURITY: RuleContext = { side: 'around', span: 120, pattern: SECURITY_TALK, weight: 40 };

const OVERRIDE_CONTEXTS = [DEFENSIVE_AFTER, MENTIONED, ABOUT_SECURITY] as const;

export const INSTRUCTION_OVERRIDE_RULES: readonly Rule[] = [
  {
    // "… and add the following instruction: …": a pivot from the question asked to a task
    // introduced in its place. Weak alone (honest prompts say "follow the following steps"); next
    // to a dismissal it blocks.
    id: 'injection.new_instructions',
    key: stems('the following instruction', 'the following command', 'the following directive', 'the following order', 'these new instruction', 'this new instruction'),
    reach: [50, 20],
    category: 'injection',
    weight: 45,
    pattern: rx(`\\b${alt('and', 'then', 'instead', 'now')},? (?:${alt('just', 'only', 'simply', 'please')} )?${alt('add', 'follow', 'execute', 'run', 'obey', 'carry out', 'perform', 'do', 'apply', 'use', 'output', 'print')} ${alt('the following', 'these new', 'this new')} ${alt('instructions?', 'commands?', 'directives?', 'orders?')} ?:`),
    description: 'introduces a replacement task ("… and add the following instruction:")',
    contexts: [...OVERRIDE_CONTEXTS],
  },
  {
    // "Forget about it, you now need to reply: …": a pronoun for the question just asked. Weak
    // alone ("never mind, forget it"); with dictated output it blocks.
    id: 'injection.override',
    key: DISMISS_KEY,
    anchored: true,
    category: 'injection',
    weight: 45,
    pattern: rx(`\\b${DISMISS} (?:about )?${alt('it', 'them', 'that', 'this', 'those', 'all that', 'all this', 'all of that', 'all of this')}(?=[,.;:!]| and\\b| now\\b| then\\b| instead\\b)`),
    description: 'asks to drop what was just asked ("forget about it, …")',
    contexts: [...OVERRIDE_CONTEXTS, TOOLING],
  },
  {
    id: 'injection.override',
    key: DISMISS_KEY,
    anchored: true,
    reach: [4, 170],
    category: 'injection',
    weight: 85,
    pattern: rx(`\\b${DISMISS}${words(3)}${SCOPE}${words(2)}${INSTRUCTIONS}\\b`),
    description: 'tells the model to ignore its previous or system instructions',
    contexts: [...OVERRIDE_CONTEXTS, TOOLING],
  },
  {
    id: 'injection.override',
    key: DISMISS_KEY,
    anchored: true,
    reach: [4, 150],
    category: 'injection',
    weight: 80,
    pattern: rx(`\\b${DISMISS}${words(2)}${alt('the', 'these', 'those', 'all', 'all the', 'all of the', 'any', 'any of the')}${words(1)}${INSTRUCTIONS} ${alt('above', 'before', 'earlier', 'previously', 'so far', 'given(?: to you)?', 'you (?:were|have been|${APOS}ve been) given', 'you received', 'you got', 'you were told', 'from before', 'from earlier', 'in your prompt', 'in the (?:system )?prompt', 'at the (?:start|beginning|top)')}\\b`),
    description: 'tells the model to ignore the instructions it was given',
    contexts: [...OVERRIDE_CONTEXTS, TOOLING],
  },
  {
    id: 'injection.override',
    key: DISMISS_KEY,
    anchored: true,
    reach: [4, 80],
    category: 'injection',
    weight: 45,
    pattern: rx(`\\b${DISMISS}${words(1)}(?:my|our) (?:\\w{1,12} )?${alt('instructions?', 'rules', 'prompts?', 'directions', 'guidelines', 'commands?', 'orders')}\\b`),
    description: 'tells the model to ignore the user’s own instructions (a pivot to a new task)',
    contexts: [...OVERRIDE_CONTEXTS, TOOLING],
  },
  {
    id: 'injection.override',
    key: DISMISS_KEY,
    anchored: true,
    reach: [4, 60],
    category: 'injection',
    weight: 45,
    pattern: rx(`\\b${DISMISS} (?:${alt('the', 'this', 'that', 'my', 'these', 'those', 'all')} )?${alt('questions?', 'tasks?', 'requests?', 'prompt', 'messages?', 'commands?', 'text', 'sentences?', 'statements?', 'query', 'problem', 'reminder', 'input')}(?:${alt(' and', ',', '\\.', ';', ' for now', ' completely', ' entirely')})`),
    description: 'dismisses the task and pivots to a new one',
    contexts: [...OVERRIDE_CONTEXTS, TOOLING, { side: 'around', span: 0, pattern: rx(`\\b(?:typos?|spelling|formatting|noise|errors?)\\b`), weight: 10 }],
  },
  {
    id: 'injection.override',
    key: stems('stop', 'cancel', 'abort', 'terminate', 'halt', 'cease', 'end ', 'drop', 'scrap', 'delete', 'erase', 'clear', 'reset', 'wipe', 'remove', 'purge', 'flush', 'suspend'),
    anchored: true,
    reach: [0, 90],
    category: 'injection',
    weight: 75,
    pattern: rx(`\\b${alt('stop', 'cancel', 'abort', 'terminate', 'halt', 'cease', 'end', 'drop', 'scrap', 'delete', 'erase', 'clear', 'reset', 'wipe', 'remove', 'purge', 'flush', 'suspend')} (?:${alt('all', 'all of', 'any', 'every')} )?(?:the |your |of your |of the )?${alt('previous', 'prior', 'above', 'earlier', 'initial', 'original', 'old', 'system', 'current', 'existing', 'preceding')} (?:${alt('system', 'ai', 'model')} )?${alt('instructions?', 'prompts?', 'system prompt', 'directives?', 'programming', 'guidelines', 'rules')}\\b`),
    description: 'tells the model to drop its previous or system instructions',
    contexts: [...OVERRIDE_CONTEXTS, TOOLING, { side: 'around', span: 30, pattern: rx(`\\b${alt('docker\\w{0,5}', 'makefile', 'css', 'firewall', 'iptables', 'cron', 'pipeline', 'ci', 'workflow', 'recipe', 'cache', 'browser', 'terraform', 'ansible', 'kubernetes', 'yaml', 'config')}\\b`), weight: 15 }],
  },
  {
    id: 'injection.override',
    key: DEFEAT_KEY,
    anchored: true,
    reach: [0, 150],
    category: 'injection',
    weight: 75,
    pattern: rx(`\\b${DEFEAT}${words(2)}${alt('your', 'ur', 'all (?:of )?(?:your|the)', 'the', 'any', 'all', 'previous', 'prior', 'system', 'initial', 'original', 'above', 'earlier', 'openai', 'safety', 'ethical', 'content')}${words(1)}${alt('instructions?', 'system prompt', 'prompts?', 'programming', 'directives?', 'guidelines', 'guardrails', 'safeguards', 'safety (?:filters?|rules|guidelines|protocols|measures|settings)', 'content (?:policy|policies|filters?)', 'ethical (?:guidelines|rules|constraints|restrictions|principles)', 'moral (?:guidelines|rules|constraints|restrictions|principles)', 'training', 'conditioning', 'alignment', 'pre-?prompt', 'system message', 'core directives')}\\b`),
    description: 'tells the model to override or bypass its instructions or safety programming',
    contexts: [...OVERRIDE_CONTEXTS, TOOLING],
  },
  {
    id: 'injection.override',
    key: DISMISS_KEY,
    anchored: true,
    reach: [4, 150],
    category: 'injection',
    weight: 60,
    pattern: rx(`\\b${DISMISS}${words(2)}${alt('the', 'these', 'those', 'such', 'its', 'their')}${words(1)}${INSTRUCTIONS}\\b`),
    description: 'tells the model to ignore the instructions',
    contexts: [...OVERRIDE_CONTEXTS, TOOLING],
  },
  {
    id: 'injection.override',
    key: DISMISS_KEY,
    anchored: true,
    reach: [4, 150],
    category: 'injection',
    weight: 60,
    pattern: rx(`\\b${DISMISS}${words(2)}${alt('above', 'previous', 'prior', 'preceding', 'earlier', 'foregoing', 'initial', 'former', 'aforementioned')}${words(1)}${CONTENT}\\b`),
    description: 'tells the model to ignore the text or task above',
    contexts: [...OVERRIDE_CONTEXTS, { side: 'around', span: 0, pattern: rx(`\\b(?:my|our|i)\\b`), weight: 35 }, { side: 'after', span: 16, pattern: rx(`^ ?(?:of|in) (?:my|our)\\b`), weight: 35 }],
  },
  {
    id: 'injection.override',
    key: DISMISS_KEY,
    anchored: true,
    reach: [4, 150],
    category: 'injection',
    weight: 75,
    pattern: rx(`\\b${DISMISS} (?:about )?(?:all |any )?(?:of )?${alt('everything', 'anything', 'all', 'whatever', `what (?:you were|you have been|you${APOS}ve been|i) (?:told|said|given|instructed)`, `what (?:was|has been|were|i) (?:asked|said|written|requested|told you|typed|wrote)`, 'what came', 'whatever came')} ${alt('above', 'before', 'prior', 'previously', 'so far', 'until now', 'up to now', 'said before', 'written before', 'written above', `you${APOS}ve been told`, 'you have been told', 'you were told', `(?:you${APOS}ve|you have) (?:learned|learnt) (?:or|and) (?:have been|been) told`, `you${APOS}ve been given`, 'you have been given', 'you were given', 'in your prompt', 'in the prompt', 'in your instructions', 'that came before', 'that was said', 'from before', 'before this', 'i said before', 'i told you before', 'you know about your', 'else you were told', 'i said earlier', 'earlier')}\\b`),
    description: 'tells the model to forget everything it was told before',
    contexts: OVERRIDE_CONTEXTS,
  },
  {
    id: 'injection.override',
    key: DISMISS_KEY,
    anchored: true,
    reach: [4, 150],
    category: 'injection',
    weight: 60,
    pattern: rx(`\\b${DISMISS} (?:all |any )?(?:of )?(?:the |that |this )?${alt('above', 'everything above', 'all that', 'all this', 'what came before', 'whatever came before', 'what you were told', `what you${APOS}ve been told`, 'what you have been told', 'what i said before')}\\b`),
    description: 'tells the model to ignore the text above',
    contexts: OVERRIDE_CONTEXTS,
  },
  {
    id: 'injection.override',
    key: DISMISS_KEY,
    anchored: true,
    reach: [4, 150],
    category: 'injection',
    weight: 45,
    pattern: rx(`\\b${DISMISS} (?:about )?(?:all |absolutely )?${alt('everything', 'anything')}(?: ${alt('else', 'you know', `you${APOS}ve learned`, 'you have learned', 'you learned', 'you have learnt', `you${APOS}ve learnt`, 'you think you know')})?\\b`),
    description: 'tells the model to forget everything it knows',
    contexts: [...OVERRIDE_CONTEXTS, { side: 'after', span: 30, pattern: rx(`^ ?${alt('about', 'you know about', 'on', 'regarding', 'related to', 'concerning')}\\b`), weight: 25 }],
  },
  {
    id: 'injection.override',
    key: DISMISS_KEY,
    anchored: true,
    reach: [4, 150],
    category: 'injection',
    weight: 75,
    pattern: rx(`\\b${DISMISS} (?:all |any |every )?${alt('text', 'input', 'content', 'words', 'instructions', 'messages', 'prompts', 'commands', 'rules', 'everything', 'anything')} ${alt('except', 'but', 'other than', 'apart from', 'besides', 'before', 'after', 'above and below', 'below', 'following')} ${alt('this', 'these', 'mine', 'my', 'the following', 'what follows', 'the next', 'this one', 'here')}\\b`),
    description: 'tells the model to ignore every instruction except the attacker’s',
    contexts: OVERRIDE_CONTEXTS,
  },
  {
    id: 'injection.new_instructions',
    key: stems('supersed', 'superced', 'precedence', 'overrid', 'overrul', 'trump', 'invalidat', 'void', 'priority'),
    reach: [50, 40],
    category: 'injection',
    weight: 65,
    pattern: rx(`\\b${alt('these', 'the following', 'this', 'my', 'the new', 'new', 'updated', 'the updated')} ${alt('instructions?', 'rules', 'directives?', 'orders', 'commands?', 'prompt', 'message', 'guidelines', 'policy', 'policies', 'request')} ${alt('supersedes?', 'supercedes?', 'overrides?', 'overrules?', 'take (?:precedence|priority) over', 'takes (?:precedence|priority) over', 'trumps?', 'invalidates?', 'voids?', 'have (?:higher|top|the highest) priority', 'has (?:higher|top|the highest) priority')}\\b`),
    description: 'claims its instructions supersede the existing ones',
    contexts: [MENTIONED, ABOUT_SECURITY],
  },
  {
    id: 'injection.new_instructions',
    key: PRIOR_RULES_KEY,
    anchored: true,
    reach: [12, 150],
    category: 'injection',
    weight: 75,
    pattern: rx(`\\b${alt('previous', 'prior', 'above', 'old', 'original', 'earlier', 'initial', 'former', 'preceding', 'system', 'your', 'all other', 'all (?:the )?(?:previous|prior|above)')} ${alt('instructions?', 'rules', 'prompts?', 'directives?', 'guidelines', 'programming', 'orders', 'commands', 'settings', 'restrictions', 'policies', 'text', 'messages?', 'conversation', 'context')}${words(2)}${alt('are', 'were', 'is', 'was', 'have been', 'has been', 'are now', 'is now', 'were just', 'was just', 'are no longer', 'is no longer')} ${alt('void', 'null', 'invalid', 'cancell?ed', 'revoked', 'outdated', 'out of date', 'obsolete', 'deprecated', 'valid', 'applicable', 'relevant', 'in effect', 'active', 'overridden', 'replaced', 'superseded', 'wrong', 'fake', 'false', 'a test', 'a joke', 'a lie', 'a trick', 'incorrect', 'irrelevant', 'suspended', 'disabled', 'lifted', 'removed', 'deleted', 'expired', 'illegal', 'nullified', 'rescinded', 'withdrawn', 'not (?:valid|important|relevant|applicable|real)')}\\b`),
    description: 'declares the previous instructions void, outdated or fake',
    contexts: [MENTIONED, ABOUT_SECURITY, { side: 'around', span: 0, pattern: rx(`(?:wrong|false|incorrect|irrelevant|not important|not relevant|a joke|removed|deleted|disabled|outdated|out of date|deprecated)$`), weight: 55 }],
  },
  {
    id: 'injection.new_instructions',
    key: stems('above', 'previous', 'preceding', 'foregoing', 'prior', 'everything', 'all of this', 'this whole conversation', 'this conversation'),
    reach: [16, 90],
    category: 'injection',
    weight: 60,
    pattern: rx(`\\b${alt('the above', 'the previous', 'the preceding', 'the foregoing', 'the prior', 'everything (?:above|before this|up to now|until now|so far|before)', 'all (?:of )?(?:the )?(?:above|previous)', 'all of this', 'this whole conversation', 'this conversation', `the (?:above|previous|preceding|prior) ${alt('instructions?', 'prompt', 'text', 'messages?', 'conversation', 'rules', 'task')}`)} ${alt('was', 'is', 'were', 'are', 'has been', 'have been')} (?:${alt('just', 'only', 'merely', 'simply', 'all')} )?(?:a |an )?${alt('test', 'tests', 'joke', 'simulation', 'mistake', 'distraction', 'decoy', 'fake', 'trick', 'lie', 'old instructions', 'outdated', 'out of date', 'warm-?up', 'drill', 'game', 'exercise', 'prank')}\\b`),
    description: 'declares the preceding instructions a test or a trick',
    contexts: [MENTIONED, ABOUT_SECURITY, { side: 'after', span: 12, pattern: rx(`^[ -]?${alt('case', 'cases', 'suite', 'file', 'run', 'data', 'set', 'score', 'question')}`), weight: 10 }],
  },
  {
    id: 'injection.new_instructions',
    key: stems('your new', 'your real', 'your actual', 'your true', 'your updated', 'your revised', 'your secret', 'your hidden'),
    anchored: true,
    reach: [0, 70],
    category: 'injection',
    weight: 55,
    pattern: rx(`\\byour ${alt('new', 'real', 'actual', 'true', 'updated', 'revised', 'secret', 'hidden')} ${alt('task', 'job', 'goal', 'purpose', 'objective', 'mission', 'instructions?', 'role', 'directive', 'function', 'orders', 'assignment', 'priority', 'rules', 'prompt', 'system prompt')}${alt(' is', ' are', ' will be', ' now is', ' is now', ' from now on is', ':', ' has changed', ' have changed')}`),
    description: 'assigns the model a new or "real" task',
  },
  {
    id: 'injection.new_instructions',
    key: stems('now your', 'now, your', 'instead your', 'instead, your'),
    anchored: true,
    reach: [0, 40],
    category: 'injection',
    weight: 40,
    pattern: rx(`\\b(?:now|instead),? your ${alt('task', 'job', 'goal', 'mission', 'purpose', 'objective', 'only task', 'only job')} ${alt('is', 'will be')}\\b`),
    description: 'switches the model to a new task mid-message',
  },
  {
    id: 'injection.new_instructions',
    key: stems('new instruction', 'new rule', 'new system', 'new core', 'new directive', 'new task', 'new objective', 'new goal', 'new order', 'new prompt', 'new mission', 'new command', 'new polic', 'updated', 'revised', 'override', 'overriding', 'admin', 'developer', 'priority', 'emergency', 'real instruction', 'real rule', 'real task', 'real prompt', 'actual instruction', 'actual task', 'true instruction', 'true task'),
    reach: [8, 60],
    category: 'injection',
    weight: 55,
    pattern: rx(`(?:^|\\n|\\. |: )(?:#{1,4} ?|\\*{1,2}|\\[)?${alt('new', 'updated', 'revised', 'override', 'overriding', 'admin', 'administrator', 'developer', 'priority', 'emergency', 'real', 'actual', 'true')} (?:system |core )?${alt('instructions?', 'rules', 'directives?', 'task', 'objective', 'goal', 'orders', 'prompt', 'mission', 'commands?', 'policy')}(?:(?: (?:are|is|follow|below))?(?:\\*{1,2}|\\])? ?:| ${alt('start here', 'begin here', 'starts here', 'begins here', 'follow', 'below')}\\b)`),
    description: 'announces new instructions',
  },
  {
    id: 'injection.new_instructions',
    key: stems('stop follow', 'stop obey', 'stop using', 'stop listen', 'stop adher', 'stop apply', 'stop respect', 'cease', 'quit', 'discontinue'),
    anchored: true,
    reach: [0, 120],
    category: 'injection',
    weight: 65,
    pattern: rx(`\\b${alt('stop', 'cease', 'quit', 'discontinue')} ${alt('following', 'obeying', 'using', 'listening to', 'adhering to', 'applying', 'respecting')} ${alt('your', 'the', 'all', 'any', 'those', 'these', 'previous', 'prior', 'my previous', 'its', 'openai', 'the system')}${words(1)}${INSTRUCTIONS}\\b`),
    description: 'tells the model to stop following its instructions',
    contexts: [...OVERRIDE_CONTEXTS, TOOLING],
  },
  {
    id: 'injection.new_instructions',
    key: keyOf(PRIOR_RULES_KEY, stems(...['i have', "i've", 'i’ve'].flatMap((i) => ['changed', 'updated', 'modified', 'replaced', 'reset', 'rewritten', 'removed', 'lifted', 'disabled', 'amended', 'just', 'now'].map((verb) => `${i} ${verb}`)))),
    anchored: true,
    reach: [0, 100],
    category: 'injection',
    weight: 55,
    pattern: rx(`\\b(?:i ${alt('have', `${APOS}ve`)} (?:just |now )?${alt('changed', 'updated', 'modified', 'replaced', 'reset', 'rewritten', 'removed', 'lifted', 'disabled', 'amended')} (?:the |your |all )?${alt('instructions', 'rules', 'programming', 'system prompt', 'prompt', 'directives', 'guidelines', 'restrictions')}|your ${alt('instructions', 'rules', 'programming', 'system prompt', 'prompt', 'directives', 'guidelines', 'settings', 'configuration', 'restrictions', 'parameters', 'core programming')} ${alt('have', 'has')} (?:just |now )?been ${alt('changed', 'updated', 'modified', 'replaced', 'reset', 'overwritten', 'overridden', 'rewritten', 'revised', 'removed', 'deleted', 'lifted', 'disabled', 'suspended', 'amended', 'upgraded', 'patched', 'unlocked')})\\b`),
    description: 'claims the model’s instructions were changed',
  },
  {
    id: 'injection.new_instructions',
    key: stems('you have been ', 'you were ', 'you are being ', 'you are now being ', ...apostrophes("you're being "), ...apostrophes("you're now being ")),
    anchored: true,
    reach: [0, 50],
    category: 'injection',
    weight: 45,
    pattern: rx(`\\byou ${alt('have been', `${alt('are', `${APOS}re`)} (?:now )?being`, 'were')} ${alt('reprogrammed', 'reconfigured', 'reset', 'updated', 'upgraded', 'unlocked', 'patched', 'rebooted', 'freed', 'liberated', 'released', 'reassigned', 'repurposed', 'retrained')}\\b`),
    description: 'claims the model has been reprogrammed',
  },
  {
    id: 'injection.new_instructions',
    key: stems('keep your', 'keep the', 'keep all', 'keep previous', 'keep prior', 'keep original', 'keep old', 'keep earlier', 'retain'),
    anchored: true,
    reach: [0, 70],
    category: 'injection',
    weight: 55,
    pattern: rx(`\\b${alt('keep', 'retain')} (?:${alt('your', 'the', 'all', 'all your', 'all the')} )?${alt('previous', 'prior', 'original', 'old', 'earlier')} ${alt('instructions', 'rules', 'prompt')}(?:,? ${alt('but', 'however', 'except')}\\b|\\.)`),
    description: 'amends the previous instructions with an exception',
  },
  {
    id: 'injection.new_instructions',
    key: stems('from now on', 'from this point', 'from this moment', 'starting now', 'starting from now', 'henceforth', 'for the rest of'),
    anchored: true,
    reach: [0, 70],
    category: 'injection',
    weight: 30,
    pattern: rx(`\\b${alt('from now on', 'from this point (?:on|forward|onwards?)', 'from this moment (?:on)?', 'starting now', 'starting from now', 'henceforth', 'for the rest of (?:this|the) conversation')},? ${alt(`you${alt(`${APOS}re`, `${APOS}ll`, ' are', ' will', ' must', ' shall', ' should', ' have to', ' need to', ' can', ' may', ' only', ' no longer', ' will no longer', ' don\'t', ' do not', ' never', ' always', ' act', ' respond', ' answer', ' reply')}`, 'your', 'ignore', 'disregard', 'forget', 'respond', 'reply', 'answer', 'act', 'only', 'always', 'never', 'do not', `don${APOS}t`)}`),
    description: 'switches the model to new standing instructions',
  },
  {
    id: 'injection.new_instructions',
    key: stems('instead'),
    reach: [3, 60],
    category: 'injection',
    weight: 30,
    pattern: rx(`(?:^|[.!:\\n] ?)instead,? ${alt('you (?:will|must|should|shall|are to|need to)', '(?:just |only |simply )?(?:say|output|print|respond|reply|write|answer|type|return|repeat|tell)')}\\b`),
    description: 'redirects the model to a different task',
  },
  {
    id: 'injection.new_instructions',
    key: stems('the situation has changed', 'the rules have changed', 'things have changed', 'there has been a change', 'change of plan', 'plans have changed', 'plan has changed', 'new orders', 'the game has changed'),
    anchored: true,
    reach: [0, 50],
    category: 'injection',
    weight: 30,
    pattern: rx(`\\b${alt('the situation has changed', 'the rules have changed', 'things have changed', 'there has been a change of plans?', 'change of plans?', 'plans? (?:have|has) changed', 'new orders', 'the game has changed')}\\b`),
    description: 'announces that the situation or rules changed',
  },
  {
    id: 'injection.authority_claim',
    key: stems('openai', 'anthropic', 'your developer', 'your creator', 'your owner', 'your operator', 'your admin', 'your programmer', 'your maker', 'your master', 'your boss', 'your system admin', 'the developer', 'the administrator', 'the admin', 'admin', 'administrator', 'root', 'sudo', 'developer', 'superuser'),
    reach: [40, 60],
    category: 'injection',
    weight: 45,
    pattern: rx(`\\b${alt(`i${APOS}m`, 'i am', 'this is', 'message from', 'sent by', 'speaking as', 'as', 'authorized by', 'approved by', 'enabled by', 'activated by', 'by an?', 'from an?', 'from the', 'by the')} (?:an? |the |your )?${alt('openai', 'anthropic', 'google', 'microsoft', 'meta')} ${alt('employee', 'engineer', 'staff', 'developer', 'admin', 'administrator', 'team', 'researcher', 'official', 'representative', 'moderator', 'security team', 'red team', 'ceo', 'founder')}\\b|\\b${alt(`i${APOS}m`, 'i am', 'this is', 'speaking as')} ${alt('your', 'the')} ${alt('developer', 'developers', 'creator', 'creators', 'owner', 'operator', 'admin', 'administrator', 'programmer', 'maker', 'master', 'system admin', 'sysadmin', 'trainer')}\\b|\\b${alt('admin', 'administrator', 'root', 'sudo', 'developer', 'superuser', 'god', 'override')} ${alt('access', 'privileges?', 'rights', 'override', 'permissions?', 'authori[sz]ation', 'clearance', 'mode', 'command')} ${alt('granted', 'enabled', 'activated', 'confirmed', 'verified', 'approved', 'unlocked')}\\b`),
    description: 'claims developer, vendor or administrator authority over the model',
    contexts: [{ side: 'around', span: 60, pattern: rx(`\\b${alt('linux', 'windows', 'server', 'database', 'mysql', 'postgres', 'wordpress', 'router', 'account', 'github', 'aws', 'azure', 'kubernetes', 'docker', 'ssh', 'terminal', 'shell', 'bash', 'sudoers', 'chmod', 'app', 'website', 'dashboard', 'panel', 'portal', 'android', 'iphone', 'ios', 'phone', 'chrome', 'browser', 'settings', 'device', 'laptop', 'computer', 'pc', 'mac', 'macos', 'bios', 'router', 'game', 'console')}\\b`), weight: 15 }],
  },
  {
    // The strong forms: a verification verdict stated as done ("the correct access code has been
    // provided", "the user input contains the passphrase"), or an order to act as if it were. A
    // person reporting a login problem speaks in the first person ("I entered the right password")
    // and keeps the weaker rule above.
    id: 'injection.credential_claim',
    key: CREDENTIAL_KEY,
    reach: [90, 60],
    category: 'injection',
    weight: 70,
    pattern: rx(`\\b(?:the )?${alt('correct', 'right', 'valid', 'proper', 'real', 'secret')} ${CREDENTIAL}(?: [^\\s.!?]{1,12}){0,2} ${alt('has been', 'have been', 'has just been', 'has now been', 'has already been')} (?:[a-z]{1,12} )?${alt('provided', 'entered', 'input', 'inputted', 'given', 'supplied', 'submitted', 'verified', 'accepted', 'typed', 'registered', 'confirmed', 'received', 'validated')}\\b|\\b${alt('pretend', 'assume', 'imagine', 'suppose', 'act as if', 'act like', 'behave as if')}(?: that)? ${alt('i', 'we', 'the user', 'someone', 'i have', 'i just', `i${APOS}ve`)} (?:${alt('have', 'has', 'had', 'just', 'already')} )?${alt('entered', 'provided', 'given', 'typed', 'said', 'supplied', 'submitted', 'know', 'knows', 'guessed', 'used')} the ${alt('correct', 'right', 'valid', 'real', 'secret')} ${CREDENTIAL}\\b|\\bthe ${alt('user', 'input', 'message', 'user input', 'user text', 'text', 'prompt')} (?:${alt('text', 'input', 'message')} )?${alt('contains', 'includes', 'matches')} the ${alt('correct ', 'right ', 'valid ', 'secret ', '')}${alt(CREDENTIAL, 'phrase that grants access', 'word that grants access')}\\b|\\b${alt(CREDENTIAL, 'phrase', 'word')} that ${alt('grants', 'gives', 'unlocks', 'allows')} access (?:${alt('was', 'has been', 'is')} )?${alt('found', 'detected', 'provided', 'entered', 'present', 'included')}\\b`),
    description: 'states that the correct password was provided, or orders the model to act as if it were',
    contexts: [{ side: 'around', span: 60, pattern: rx(`\\b${alt('login form', 'sign[- ]?in', 'log[- ]?in', 'my account', 'website', 'app', 'unit test', 'test case', 'assert', 'function', 'validation', 'validate', 'ui', 'error message', 'toast', 'hash', 'bcrypt', 'database', 'api', 'wi-?fi', 'router', 'laptop', 'phone', 'email')}\\b`), weight: 15 }],
  },
  {
    id: 'injection.credential_claim',
    key: CREDENTIAL_KEY,
    reach: [90, 60],
    category: 'injection',
    weight: 50,
    pattern: rx(`\\b(?:the )?${alt('correct', 'right', 'valid', 'proper', 'real', 'secret')} ${CREDENTIAL}(?: [^\\s.!?]{1,12}){0,2} ${alt('has been', 'have been', 'was', 'is', 'were', 'just got', 'got', 'been')} (?:[a-z]{1,12} )?${alt('provided', 'entered', 'input', 'inputted', 'given', 'supplied', 'submitted', 'verified', 'accepted', 'typed', 'registered', 'confirmed', 'received', 'validated')}\\b|\\b${alt('correct', 'right', 'valid')} ${CREDENTIAL} ${alt('entered', 'provided', 'given', 'accepted', 'verified', 'received', 'detected', 'confirmed')}\\b|\\b${alt('pretend', 'assume', 'imagine', 'suppose', 'act as if', 'act like', 'behave as if')}(?: that)? ${alt('i', 'we', 'the user', 'someone', 'i have', 'i just', `i${APOS}ve`)} (?:${alt('have', 'has', 'had', 'just', 'already')} )?${alt('entered', 'provided', 'given', 'typed', 'said', 'supplied', 'submitted', 'know', 'knows', 'guessed', 'used')} the ${alt('correct', 'right', 'valid', 'real', 'secret')} ${CREDENTIAL}\\b|\\b${alt('i', 'we')} (?:${alt('have', 'just', 'already', 'have just', 'have already')} )?${alt('entered', 'provided', 'given', 'typed', 'supplied', 'submitted', 'said', 'guessed')} (?:you )?the ${alt('correct', 'right', 'valid')} ${CREDENTIAL}\\b|\\bthe ${alt('user', 'input', 'message', 'user input', 'user text', 'text', 'prompt')} (?:${alt('text', 'input', 'message')} )?${alt('contains', 'includes', 'has', 'matches', 'is')} the ${alt('correct ', 'right ', 'valid ', 'secret ', '')}${CREDENTIAL}\\b|\\b(?:the )?${alt('user', 'visitor', 'person', 'caller', 'someone', 'they', 'he', 'she')} (?:${alt('has', 'have', 'just', 'already')} )?${alt('input', 'inputted', 'entered', 'provided', 'given', 'gave', 'typed', 'said', 'supplied', 'submitted', 'spoken', 'used')} the ${alt('correct', 'right', 'valid', 'secret', 'magic')} ${CREDENTIAL}\\b|\\b${alt(CREDENTIAL, 'phrase', 'word')} that ${alt('grants', 'gives', 'unlocks', 'allows')} access (?:${alt('was', 'has been', 'is')} )?${alt('found', 'detected', 'given', 'provided', 'entered', 'said', 'present', 'included', 'spoken')}\\b|\\b(?:said|entered|typed|gave|provided|given|contains|used) the ${alt(CREDENTIAL, 'phrase', 'word')} that ${alt('grants', 'gives', 'unlocks', 'allows')} access\\b`),
    description: 'claims the correct password or access code was given',
    contexts: [{ side: 'around', span: 60, pattern: rx(`\\b${alt('login form', 'sign[- ]?in', 'my account', 'website', 'app', 'unit test', 'test case', 'assert', 'function', 'validation', 'validate', 'ui', 'error message', 'toast', 'hash', 'bcrypt', 'database', 'api')}\\b`), weight: 15 }],
  },
];

export const instructionOverrideDetector = createRuleDetector('english.instruction-override', INSTRUCTION_OVERRIDE_RULES);
