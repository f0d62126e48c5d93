import { describe, expect, it } from 'vitest';
import { detectSecrets } from '../../src/firewall';

// Keys are assembled from parts so that no scanner mistakes this file for a leak.
const b64u = (n: number) => 'aB3_-x9Z'.repeat(Math.ceil(n / 8)).slice(0, n);
const alnum = (n: number) => 'aB3xK9zQ'.repeat(Math.ceil(n / 8)).slice(0, n);
const jwt = ['eyJ' + b64u(20), 'eyJ' + b64u(40), b64u(43)].join('.');

const found: [string, string, string][] = [
  ['AWS access key', 'AKIA' + 'IOSFODNN7EXAMPLE', 'secret.aws_access_key'],
  ['AWS secret key', 'aws_secret_access_key = ' + alnum(36) + 'abcd', 'secret.aws_secret_key'],
  ['GitHub classic token', 'ghp' + '_' + alnum(36), 'secret.github_token'],
  ['GitHub fine-grained', 'github' + '_pat_' + alnum(70), 'secret.github_token'],
  ['Slack token', 'xoxb' + '-123456789012-' + alnum(24), 'secret.slack_token'],
  ['OpenAI key', 'sk-' + 'proj-' + b64u(48), 'secret.openai_key'],
  ['Anthropic key', 'sk-' + 'ant-api03-' + b64u(90), 'secret.anthropic_key'],
  ['Google key', 'AIza' + b64u(35), 'secret.google_api_key'],
  ['Stripe key', 'sk' + '_live_' + alnum(30), 'secret.stripe_key'],
  ['JWT', jwt, 'secret.jwt'],
  ['PEM private key', '-----BEGIN ' + 'OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----', 'secret.private_key'],
];

describe('secret detection', () => {
  it.each(found)('%s', (_name, secret, id) => {
    const text = `config: ${secret} (do not share)`;
    const findings = detectSecrets(text);
    expect(findings.map((f) => f.id)).toEqual([id]);
    expect(text.slice(findings[0]!.start, findings[0]!.end)).toBe(secret);
    expect(findings[0]!.weight).toBe(0);
  });

  it.each([
    ['a word that merely starts like a key', 'AKIAN mythology and eyJohn are not keys'],
    ['a key id inside a longer token', 'x' + 'AKIA' + 'IOSFODNN7EXAMPLE'],
    ['too long to be an AWS key id', 'AKIA' + 'IOSFODNN7EXAMPLEX'],
    ['a sk- prefix with a short body', 'use the sk-learn library'],
    ['a UUID and a SHA-256', '550e8400-e29b-41d4-a716-446655440000 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['the words private key in prose', 'Never paste your private key into a chat.'],
  ])('no finding: %s', (_name, text) => {
    expect(detectSecrets(text)).toEqual([]);
  });

  it('finds every kind of key in one text, each where it is', () => {
    // One shared prefix scan serves all kinds: keys side by side, and a mixed-case AWS label.
    const parts = found.map(([, secret]) => secret);
    parts.splice(1, 1, 'AWS_Secret_Access_Key: ' + alnum(36) + 'abcd');
    const text = parts.join(' ');
    const findings = detectSecrets(text);
    expect(findings.map((f) => f.id).sort()).toEqual(found.map(([, , id]) => id).sort());
    for (const f of findings) expect(parts).toContain(text.slice(f.start, f.end));
  });

  it('reports every occurrence of a kind, in text order', () => {
    const key = 'ghp' + '_' + alnum(36);
    const text = `${key} and ${key}\n${key}`;
    expect(detectSecrets(text).map((f) => f.start)).toEqual([0, key.length + 5, 2 * key.length + 6]);
  });

  it('a PEM key without its END line is redacted to the end of the text', () => {
    const text = 'here: -----BEGIN ' + 'PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC';
    const [f] = detectSecrets(text);
    expect(f).toMatchObject({ id: 'secret.private_key', end: text.length });
  });
});
