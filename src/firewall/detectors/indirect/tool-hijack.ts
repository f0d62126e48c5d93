import type { RuleFamily } from './family-scan';
import { type Rule, alt, rx, words } from './rule-scan';

/*
 * A tool result that tries to make the agent act: call a tool, run a command, download and
 * execute, move money, change a password, delete data, switch off a safeguard. The same words
 * from the user are requests, so these rules read documents only (tool and function results,
 * replayed assistant turns; see index.ts).
 * Code itself is judged in risky-code.ts.
 */

const HIJACK = { id: 'indirect.tool_hijack', category: 'indirect' } as const;
/**
 * Where an order starts: a new sentence or clause, or after a word that makes the verb an order
 * ("please", "now", "must"). Descriptions ("attackers try to disable the firewall", "to change
 * the password, run passwd") do not start there.
 */
const ORDER_START = `(?:^|[\\n.!?:;,"'(\\[] ?|\\b(?:please|now|then|and|also|immediately|first|must|should|shall|kindly|agent|assistant|ai) )`;

const PAY = alt(['transfer', 'send', 'wire', 'move', 'pay', 'withdraw', 'refund', 'reimburse', 'issue (?:a )?(?:full )?refund(?: of)?']);
const FUNDS = alt([
  'money', 'funds', '\\$ ?\\d', '€ ?\\d', '£ ?\\d', '\\d{1,9} (?:dollars|usd|euros?|btc|eth|bitcoins?)', 'bitcoins?', 'btc', 'eth', 'crypto(?:currency)?',
  'the (?:balance|payment|money|funds)',
]);
const MONEY = `${ORDER_START}${PAY}(?: all| the)? ${FUNDS}\\b`;
const GUARD = alt([
  'firewall', 'antivirus', 'anti-virus', 'security (?:checks?|software|settings)', '2fa', 'mfa', 'two-factor', 'logging', 'monitoring', 'safety (?:checks?|filters?)',
  'defender', 'edr', 'audit(?: log)?s?',
]);
const SAFEGUARD = `${ORDER_START}(?:disable|turn off|deactivate|bypass|uninstall|kill)(?: the| your| all)? ${GUARD}\\b`;
/** What an agent can be told to wipe. */
const DATA_STORE = alt([
  'files?', 'e-?mails?', 'messages?', 'repos', 'repositories', 'records?', 'database', 'data', 'users?', 'accounts?', 'backups?', 'documents?', 'folders?', 'director(?:y|ies)',
  'tables?', 'logs', 'history', 'contacts', 'calendar', 'branches', 'commits', 'events', 'meetings', 'appointments', 'notes', 'photos', 'tasks', 'issues', 'tickets', 'orders',
  'posts', 'comments',
]);
const OPEN_URL = '(?:open|visit|fetch|browse to|navigate to|go to|load|access|request|ping|curl|click)(?: (?:this|the following|the|that))?(?: (?:url|link|page|site|website|address|endpoint))?:? ?https?:\\/\\/';
const RUNNABLE = '(?:commands?|code|script|snippet|payload|shell command|program|one-liner)';
const RUN_NOW = '(?:now|immediately|first|before|without|in (?:your|the) (?:terminal|shell|environment|sandbox))';

const RULES: readonly Rule[] = [
  {
    ...HIJACK,
    weight: 55,
    pattern: rx(`${ORDER_START}(?:call|invoke|trigger|activate)${words(2, 24)}(?:tool|function|plugin|action|api|endpoint|skill)s?,? (?:to|with|and|now|immediately|using|passing|first|before|for)\\b`),
    description: 'tells the agent to call a tool',
  },
  {
    ...HIJACK,
    weight: 40,
    pattern: rx(`\\b(?:run|execute|eval|evaluate|paste|type)(?: (?:this|the following|these|the below|the above|this exact))? ${RUNNABLE}\\b${words(3)}${RUN_NOW}\\b`),
    description: 'tells the agent to run a command now',
  },
  {
    ...HIJACK,
    weight: 65,
    pattern: rx(`${ORDER_START}(?:download|fetch|grab|pull)${words(3)}(?:and|then|,) (?:run|execute|install|open|launch|start)\\b`),
    description: 'tells the agent to download and run something',
  },
  {
    ...HIJACK,
    weight: 60,
    pattern: rx(MONEY),
    description: 'tells the agent to move money',
  },
  {
    ...HIJACK,
    weight: 50,
    pattern: rx(`${ORDER_START}(?:change|reset|update|set)(?: the| your| their| my| the user['’]s| the admin| admin)?(?: account)? password (?:to|for)\\b`),
    description: 'tells the agent to change a password',
  },
  {
    ...HIJACK,
    weight: 55,
    pattern: rx(`${ORDER_START}(?:delete|remove|erase|wipe|destroy|drop|purge|truncate)(?: all| every| the entire| the whole| any)(?: of)?(?: the| your| their| my| this)? ${DATA_STORE}\\b`),
    description: 'tells the agent to delete data',
  },
  {
    ...HIJACK,
    weight: 55,
    pattern: rx(`${ORDER_START}(?:grant|give|assign|add)${words(3)}(?:admin|administrator|root|owner|superuser|full|elevated) (?:access|rights|privileges|permissions|role)\\b`),
    description: 'tells the agent to grant privileges',
  },
  {
    ...HIJACK,
    weight: 55,
    pattern: rx(SAFEGUARD),
    description: 'tells the agent to switch off a safeguard',
  },
  {
    ...HIJACK,
    weight: 40,
    pattern: rx(`\\b${OPEN_URL}`),
    description: 'tells the agent to open a URL',
  },
];

/** Orders in a document that make the agent act. */
export const TOOL_HIJACK: RuleFamily = {
  name: 'tool-hijack',
  // Each rule's distinctive phrase, never a bare common verb; the rules run around them only.
  keys: [
    '(?:call|invoke|trigger|activate)',
    `(?:run|execute|eval|evaluate|paste|type)(?: (?:this|the following|these|the below|the above|this exact))? ${RUNNABLE}`,
    '(?:download|fetch|grab|pull)',
    FUNDS,
    `${PAY} `,
    `(?:send|move|pay)(?: all| the)? [$€£\\d]`,
    'password',
    '(?:delete|remove|erase|wipe|destroy|drop|purge|truncate) (?:all|every|the entire|the whole|any)',
    '(?:admin|administrator|root|owner|superuser|full|elevated) (?:access|rights|privileges|permissions|role)',
    '(?:disable|turn off|deactivate|bypass|uninstall|kill)',
    OPEN_URL,
  ],
  window: 200,
  rules: RULES,
};
