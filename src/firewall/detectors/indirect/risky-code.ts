import type { Detector, MessageRole, RawFinding } from '../../types';
import { alt, grouped } from './rule-scan';

/*
 * Code in a document that does what planted code does: sends secrets out, downloads and runs
 * something, wrecks the system, or names itself malware. A Stack Overflow answer shows code all
 * the time, so this weighs little alone (35–45, 55 for `curl … | sh`); next to an instruction to
 * merge the code into the answer (`indirect.code_insertion`, 65) it blocks.
 *
 * One scan over the text for every tell-tale token; each hit is sorted into its kinds by small
 * anchored tests on the token alone.
 */

const SEND = [
  'requests\\.(?:post|put)', '\\burlopen\\b', 'urllib3', 'http\\.client', 'httpsconnection', '\\bsmtplib\\b', '\\bsendmail\\b', 'send_message', 'socket\\.socket',
  '\\bsendall\\b', '\\bsendto\\b', '\\bftplib\\b', 'storbinary', '\\bparamiko\\b', 'publish\\.single', '\\bmqtt\\b', 'yagmail', '\\bwebhook\\b', 'xmlhttprequest',
  'sendbeacon', 'axios\\.post', 'nc -e', '/dev/tcp/', 'cookies=', 'files=\\{',
];
const SECRET = [
  'os\\.environ', '\\bgetenv\\b', '\\bcookies?\\b', '\\bpasswords?\\b', 'passwd', '\\.ssh', 'id_rsa', 'keylog', 'pynput', 'keyboard\\.(?:listener|on_press)',
  'imagegrab', '\\bscreenshot\\b', 'pyautogui', '\\bpsutil\\b', '\\bcontacts\\b', '\\bclipboard\\b', '/etc/passwd', '/etc/shadow', '\\bcredentials\\b', 'api_?keys?',
  'access_token', 'driverquery', 'disk_partitions', 'net_if_addrs', 'query_devices', 'sounddevice', 'videocapture', 'login data', '\\bwallet\\b', '\\bkeychain\\b',
  'bash_history',
];
const FETCH = ['urlretrieve', '\\bwget\\b', '\\bcurl\\b', 'requests\\.get', '\\burlopen\\b', 'invoke-webrequest', '\\biwr\\b'];
const RUN = ['os\\.system', '\\bsubprocess\\b', '\\bpopen\\b', 'exec\\(', 'eval\\(', '\\bnohup\\b', 'chmod \\+x', 'start-process', 'invoke-expression', 'shell=true', 'child_process'];
const WRECK = [
  'rm -rf (?:/|~|\\*|\\$home)', 'rmtree\\(["\'][/~]', 'os\\.remove\\(["\']/(?:lib|etc|usr|bin|boot|sys|var)', '/dev/sd[a-z]', 'dd if=', '\\bmkfs\\b', 'format c:',
  '\\bshutdown\\b', '\\breboot\\b', 'systemctl (?:stop|disable)', ':\\(\\) ?\\{', 'iptables -[fp]', 'netsh advfirewall', 'rc\\.local', '\\bcrontab\\b', '\\bfernet\\b',
  '\\.encrypt\\(', 'del /[fsq]', 'cipher /w', 'vssadmin', 'bcdedit', 'chmod -r 777 /',
];
const NAMED = [
  'cryptomin[a-z]{0,6}', '\\bxmrig\\b', 'cryptominers?\\b', 'miners?\\b', 'exploit\\.(?:py|sh|exe)', 'payload\\.(?:py|sh|exe)', '\\bbackdoor\\b', 'reverse.?shell',
  '\\brootkit\\b', 'ransom[a-z]{0,6}', '\\bmalware\\b', 'keylogger', '\\bstealer\\b', '\\bbotnet\\b', '\\btrojan\\b',
];

const KINDS = { send: SEND, secret: SECRET, fetch: FETCH, run: RUN, wreck: WRECK, named: NAMED } as const;
type Kind = keyof typeof KINDS;
const KIND_TESTS = Object.entries(KINDS).map(([kind, tokens]) => [kind as Kind, new RegExp(`^${alt([...tokens])}`)] as const);
const TOKENS = [...new Set(Object.values(KINDS).flat())].map((t) => t.replace(/^\\b/, ''));
/** Every token of every kind, in one pattern: the only scan over the whole text. */
const SIGNS = new RegExp(`(?:\\b${grouped(TOKENS.filter((t) => /^[a-z]/.test(t)))}|${alt(TOKENS.filter((t) => !/^[a-z]/.test(t)))})`, 'g');
/** `curl … | sh`: checked on the rest of the line after a curl or wget. */
const FETCHER = /^(?:curl|wget|iwr|invoke-webrequest)$/;
const PIPE_TO_SHELL = /\| ?(?:sudo )?(?:ba|z|da)?sh\b|\| ?iex\b/;

const MAX_HITS = 256;
const DOCUMENT_ROLES: ReadonlySet<MessageRole> = new Set(['tool', 'function', 'assistant']);

export const RISKY_CODE: Detector = {
  name: 'indirect-risky-code',
  patterns: [SIGNS, PIPE_TO_SHELL, FETCHER, ...KIND_TESTS.map(([, test]) => test)],
  roles: DOCUMENT_ROLES,
  detect(view) {
    const text = view.text;
    const first = new Map<Kind | 'pipe', RegExpExecArray>();
    SIGNS.lastIndex = 0;
    let hits = 0;
    for (let m = SIGNS.exec(text); m !== null && hits < MAX_HITS; m = SIGNS.exec(text), hits++) {
      for (const [kind, test] of KIND_TESTS) if (!first.has(kind) && test.test(m[0])) first.set(kind, m);
      if (!first.has('pipe') && FETCHER.test(m[0])) {
        const lineEnd = text.indexOf('\n', m.index);
        const restOfLine = text.slice(m.index, Math.min(lineEnd === -1 ? text.length : lineEnd, m.index + 400));
        if (PIPE_TO_SHELL.test(restOfLine)) first.set('pipe', m);
      }
    }
    const best = strongest(first);
    if (best === undefined) return [];
    const finding: RawFinding = {
      id: 'indirect.risky_code',
      category: 'indirect',
      start: best.at.index,
      end: best.at.index + best.at[0].length,
      weight: best.weight,
      description: `code in the data that ${best.what}`,
    };
    return [finding];
  },
};

function strongest(first: ReadonlyMap<Kind | 'pipe', RegExpExecArray>): { weight: number; at: RegExpExecArray; what: string } | undefined {
  const signs: { weight: number; at: RegExpExecArray; what: string }[] = [];
  const pipe = first.get('pipe');
  if (pipe !== undefined) signs.push({ weight: 55, at: pipe, what: 'pipes a download into a shell' });
  const send = first.get('send');
  if (send !== undefined) signs.push(first.has('secret') ? { weight: 45, at: send, what: 'sends local secrets or personal data over the network' } : { weight: 35, at: send, what: 'sends local data over the network' });
  const fetch = first.get('fetch');
  if (fetch !== undefined && first.has('run')) signs.push({ weight: 40, at: fetch, what: 'downloads something and runs it' });
  const wreck = first.get('wreck');
  if (wreck !== undefined) signs.push({ weight: 40, at: wreck, what: 'destroys data or system files, or persists itself' });
  const named = first.get('named');
  if (named !== undefined) signs.push({ weight: 45, at: named, what: 'names itself malware (miner, exploit, keylogger, …)' });
  if (signs.length === 0) return undefined;
  const best = signs.reduce((a, b) => (b.weight > a.weight ? b : a));
  // Two independent signs in one snippet are stronger than either.
  return { ...best, weight: Math.min(60, best.weight + (signs.length > 1 ? 10 : 0)) };
}
