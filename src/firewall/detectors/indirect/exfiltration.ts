import type { Detector, RawFinding, TextView } from '../../types';
import type { RuleFamily } from './family-scan';
import { type Rule, alt, isChatRole, rx, words } from './rule-scan';

/*
 * Exfiltration through the answer: a markdown image the client renders (and so fetches) with
 * conversation data in its URL, a link built the same way, or an instruction to send data out.
 * Images and links are parsed by hand (linear, capped) rather than with one long pattern: URLs
 * are long, and a bounded pattern that long is beyond the ReDoS proof.
 */

/** Data an attacker wants carried out. */
const DATA = alt([
  'conversation', 'chat(?: history| log| transcript)?', 'history', 'messages?', 'dialog(?:ue)?', 'transcript', 'user[\'’]?s? (?:data|info|information|details|email|name|password|question|input|messages?|query|address|prompt)',
  'passwords?', 'credentials', 'api ?keys?', 'secrets?', 'tokens?', 'system prompt', '(?:your )?instructions', 'context', 'summary', 'personal (?:data|information|details)', 'previous messages',
  'memory', 'session(?: id)?', 'cookies?', 'emails?', 'inbox', 'files', 'documents', 'contacts', 'contact (?:list|details)', 'address book', 'phone numbers?', 'home address(?:es)?', 'private (?:data|information|key)', 'everything above', 'all (?:of )?(?:this|it|the above)', 'the above',
]);

const RULES: readonly Rule[] = [
  {
      id: 'exfiltration.link_with_data',
      category: 'exfiltration',
    weight: 85,
    pattern: rx(`\\b(?:append|add|include|put|insert|encode|attach|concatenate|embed|place|pass|substitute|fill in|replace|inject|store|write)\\b${words(3)}${DATA}${words(2)}(?:url|link|query|query string|parameters?|param|image|img|address|endpoint|request|path|href|src)\\b`),
    description: 'asks to put conversation data into a URL',
  },
  {
      id: 'exfiltration.send_to',
      category: 'exfiltration',
    weight: 75,
    pattern: rx(`\\b(?:send|forward|e-?mail|mail|post|upload|transmit|submit|leak|exfiltrate|share|copy|cc|bcc|report|deliver|dump|relay)\\b${words(3)}${DATA}${words(2)}(?:to|at|via|into|with)\\b`),
    description: 'asks to send conversation or user data somewhere',
  },
];

/** Instructions in a document to carry data out through a URL or a message. */
export const EXFILTRATION_INSTRUCTIONS: RuleFamily = {
  name: 'exfiltration',
  // Short words, one of which every rule's match holds; the rules run around them only.
  keys: [`${DATA}`],
  window: 220,
  rules: RULES,
};

/** Where a markdown image or link starts: `![alt](` or `](`. */
const MARKDOWN_TARGET = /\]\(/g;
/** A URL in running text. */
const BARE_URL = /\bhttps?:\/\//g;
/** Slots an attacker asks the model to fill: {data}, {{x}}, <secret>, $VAR, %s, [DATA], or their URL-encoded forms. */
const PLACEHOLDER = /[{}<>]|%7b|%7d|%3c|%3e|\$\(?[a-z_]|%s\b|\[[a-z_ -]{1,24}\]|\b(?:insert|replace|fill|your)[_-][a-z]/;
/** Query or path segments named after what leaks. */
const SENSITIVE_PARAM = /[?&;/](?:data|conversation|convo|chat|history|secrets?|password|passwd|pwd|token|apikey|api_key|key|session|cookie|creds?|credentials|prompt|system|memory|context|summary|msg|messages?|content|payload|leak|exfil|ssn|card)(?:=|\/)/;
/** A slot named after what the conversation holds: {conversation}, <chat_history>, [SECRET], $PROMPT. */
const CONVERSATION_SLOT = /[{<[$%](?:7b|3c)?[a-z_ ]{0,12}(?:conversation|chat|history|summary|messages?|prompt|system|memory|context|secret|password|token|api_?key|credential|previous|session)/;
const QUERY = /\?[^=\s]{1,24}=/;

const MAX_URL = 2048;
const MAX_ALT = 300;
const MAX_FINDINGS = 8;

/**
 * Markdown images and links that carry data, in every role: a planted image pasted into a user
 * turn leaks just the same once the answer renders it (at half weight there). The instructions
 * above are read in documents only: users ask for URLs with data in them all the time ("append
 * the user id to the query string").
 */
export const EXFILTRATION_URLS: Detector = {
  name: 'indirect-exfiltration-urls',
  patterns: [MARKDOWN_TARGET, BARE_URL, PLACEHOLDER, SENSITIVE_PARAM, CONVERSATION_SLOT, QUERY],
  detect: (view, context) => scanUrls(view, isChatRole(context.role)),
};

/**
 * Markdown images and links, then bare URLs. An image is fetched as soon as the answer is
 * rendered, with no click: any query string on it in a document is worth a look, slots or
 * data-named parameters make it an exfiltration channel.
 */
function scanUrls(view: TextView, chat: boolean): RawFinding[] {
  const text = view.text;
  const findings: RawFinding[] = [];
  const scale = chat ? 0.5 : 1;
  // The last '[' on the current line, found by a cursor that only moves forward: linear however
  // many "](" the text holds.
  let cursor = 0;
  let open = -1;
  const inMarkdown = new Set<number>();
  let urls = new UrlEnds(text);
  MARKDOWN_TARGET.lastIndex = 0;
  for (let m = MARKDOWN_TARGET.exec(text); m !== null && findings.length < MAX_FINDINGS; m = MARKDOWN_TARGET.exec(text)) {
    for (; cursor < m.index; cursor++) {
      const c = text[cursor];
      if (c === '[') open = cursor;
      else if (c === '\n') open = -1;
    }
    const urlStart = m.index + 2;
    if (!text.startsWith('http', urlStart) && !text.startsWith('//', urlStart)) continue;
    const urlEnd = urls.endFrom(urlStart);
    const url = text.slice(urlStart, urlEnd);
    if (!/^(?:https?:)?\/\//.test(url)) continue;
    inMarkdown.add(urlStart);
    const isImage = open > 0 && m.index - open <= MAX_ALT && text[open - 1] === '!';
    const weight = urlWeight(url, isImage);
    if (weight === 0) continue;
    const start = isImage ? open - 1 : Math.max(0, open);
    findings.push(urlFinding(isImage ? 'exfiltration.markdown_image' : 'exfiltration.link_with_data', start, Math.min(text.length, urlEnd + 1), Math.round(weight * scale)));
  }
  urls = new UrlEnds(text);
  BARE_URL.lastIndex = 0;
  for (let m = BARE_URL.exec(text); m !== null && findings.length < MAX_FINDINGS; m = BARE_URL.exec(text)) {
    if (inMarkdown.has(m.index)) continue;
    const end = urls.endFrom(m.index);
    // A bare URL is a channel when a slot asks for conversation data; a slot for an id or an
    // email is API documentation (https://api.example.com/users/{id}).
    if (!CONVERSATION_SLOT.test(text.slice(m.index, end))) continue;
    findings.push(urlFinding('exfiltration.link_with_data', m.index, end, Math.round(60 * scale)));
  }
  return findings;
}

function urlWeight(url: string, isImage: boolean): number {
  const rest = url.slice(url.indexOf('/', 8) + 1);
  if (PLACEHOLDER.test(rest)) return isImage ? 80 : 70;
  if (SENSITIVE_PARAM.test(rest)) return isImage ? 60 : 35;
  if (isImage && QUERY.test(rest)) return 30;
  return 0;
}

/**
 * Where a URL ends: at white space, a closing parenthesis or a quote, or MAX_URL characters on.
 * Asked in increasing order of start; a start inside the last URL found shares its end, so the
 * text is read once in all, however many URLs overlap.
 */
class UrlEnds {
  private lastStart = -1;
  private lastEnd = -1;
  constructor(private readonly text: string) {}

  endFrom(start: number): number {
    if (start < this.lastEnd && start >= this.lastStart) return this.lastEnd;
    const limit = Math.min(this.text.length, start + MAX_URL);
    let i = start;
    for (; i < limit; i++) {
      const c = this.text[i];
      if (c === ' ' || c === '\n' || c === '\t' || c === ')' || c === '"' || c === "'") break;
    }
    this.lastStart = start;
    this.lastEnd = i;
    return i;
  }
}

function urlFinding(id: string, start: number, end: number, weight: number): RawFinding {
  const what = id === 'exfiltration.markdown_image' ? 'a markdown image whose URL carries data or slots for it' : 'a link whose URL carries data or slots for it';
  return { id, category: 'exfiltration', start, end, weight, description: what };
}
