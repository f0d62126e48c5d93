// Firewall speed for `npm run bench`: MB/s of prompt text through evaluatePrompt on one core,
// and microseconds for a 1 KB prompt. Text is generated here (never taken from a corpus):
// ordinary English support-desk prose with numbers, punctuation, a little Unicode and code.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const { evaluatePrompt, FIREWALL_LIMITS } = require(`${root}dist/firewall.cjs`);
const thresholds = { block: 70, sanitize: 50 };

const SENTENCES = [
  'Could you check the status of order 48213 and tell me when it will ship?',
  'The invoice from March lists two items, but I only received one of them.',
  'Please summarise the attached meeting notes in five bullet points.',
  "Our team's release is planned for 2025-06-30; the changelog is below.",
  'Write a short, friendly reply thanking the customer for the feedback.',
  'Café prices went up by 12 % this year — is that in line with inflation?',
  'function add(a, b) { return a + b; } // why does this return NaN for strings?',
  'What is the difference between a mutex and a semaphore in practice?',
  'Translate "good morning, how are you?" into Spanish and German.',
  'The weather in Lisbon is usually mild in May, with some rain at times.',
];

function generate(chars, seed = 1) {
  let s = seed;
  const parts = [];
  let length = 0;
  while (length < chars) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const sentence = SENTENCES[s % SENTENCES.length];
    parts.push(sentence, s % 7 === 0 ? '\n\n' : ' ');
    length += sentence.length + 1;
  }
  return parts.join('').slice(0, chars);
}

export function benchFirewall() {
  // Throughput: 8 MB in parts just under the per-part scan cap.
  const partChars = Math.min(128 * 1024, FIREWALL_LIMITS.maxCharsPerPart);
  const parts = Array.from({ length: 8 }, (_, i) => generate(partChars, i + 1));
  // Warm-up: three full rounds, so that every detector's code is optimised before timing starts
  // (steady state is what a long-running sidecar sees; one round still leaves the first timed
  // run about 15% slower).
  for (let r = 0; r < 3; r++) for (const p of parts) evaluatePrompt([{ role: 'user', texts: [p] }], thresholds);
  // Eight timed rounds of 1 MiB each; the median round is the figure (a shared machine's other
  // load slows some rounds down), the mean over all rounds is reported next to it.
  const rounds = 8;
  const rates = [];
  let bytes = 0;
  let nanos = 0;
  for (let r = 0; r < rounds; r++) {
    let roundBytes = 0;
    const started = process.hrtime.bigint();
    for (const p of parts) {
      evaluatePrompt([{ role: 'user', texts: [p] }], thresholds);
      roundBytes += Buffer.byteLength(p);
    }
    const elapsed = Number(process.hrtime.bigint() - started);
    rates.push(roundBytes / 1e6 / (elapsed / 1e9));
    bytes += roundBytes;
    nanos += elapsed;
  }
  rates.sort((a, b) => a - b);
  const mbPerSec = Math.round(((rates[rounds / 2 - 1] + rates[rounds / 2]) / 2) * 10) / 10;
  const mbPerSecMean = Math.round((bytes / 1e6 / (nanos / 1e9)) * 10) / 10;

  // Latency: a 1 KB two-message prompt, median and p99 of many runs.
  const oneKb = [
    { role: 'system', texts: [generate(300, 99)] },
    { role: 'user', texts: [generate(1024, 7)] },
  ];
  for (let i = 0; i < 2000; i++) evaluatePrompt(oneKb, thresholds);
  const samples = [];
  for (let i = 0; i < 5000; i++) {
    const t = process.hrtime.bigint();
    evaluatePrompt(oneKb, thresholds);
    samples.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  samples.sort((a, b) => a - b);
  const at = (q) => Math.round(samples[Math.floor(samples.length * q)] * 10) / 10;
  return { mbPerSec, mbPerSecMean, oneKbMicros: { p50: at(0.5), p99: at(0.99) } };
}

// `node build/bench-firewall.mjs [runs]`: the firewall figures alone (after `node build/build.mjs firewall`).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runs = Number(process.argv[2] ?? 1);
  for (let i = 0; i < runs; i++) console.log(JSON.stringify(benchFirewall()));
}
