import { describe, expect, it } from 'vitest';
import { kinds, signalWeights } from './helpers';

// Ordinary text must come through without obfuscation signals and without decoded views that a
// detector could trip on: the firewall sees a lot of code, logs, hashes, URLs and emoji.
const BENIGN: readonly (readonly [string, string])[] = [
  ['plain English', 'Could you summarise the attached notes in three bullet points? Thanks a lot!'],
  ['emoji with joiners, modifiers and variation selectors', 'Great job team 🎉🎉 👩🏽‍💻 👨‍👩‍👧‍👦 ❤️ ✔️ 🏳️‍🌈 🇫🇷'],
  ['a Russian sentence', 'Пожалуйста, переведи этот текст на английский язык и сохрани форматирование.'],
  ['a Chinese sentence', '请把这段文字翻译成英文，并保留原有的格式。'],
  ['a Japanese sentence', 'この文章を英語に翻訳してください。フォーマットはそのままでお願いします。'],
  ['an Arabic sentence', 'من فضلك ترجم هذا النص إلى اللغة الإنجليزية مع الحفاظ على التنسيق.'],
  ['a Hebrew sentence with marks', 'שלום\u200F, מה שלומך?'],
  ['French and German', 'Ça coûte 12 € — déjà payé? Grüße aus Zürich, Straße 5.'],
  ['C with hex constants', 'uint32_t magic = 0xDEADBEEF; mask |= 0xFF00FF00u; buf[0x1F] = 0;'],
  ['a UUID', 'request id 123e4567-e89b-12d3-a456-426614174000 failed'],
  ['a SHA-256 hash', 'sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
  ['a git commit and short hashes', 'reverted c1da135 and 5d79cf3e2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d'],
  ['a URL with a few escapes', 'see https://example.com/search?q=red%20shoes%20size%2042&lang=en'],
  ['a JWT-like token', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
  ['numbers and dates', 'Between 2024-01-15 and 2024-03-31 we shipped 1234567890123456 units at 3.14 each.'],
  ['file paths', 'open /usr/local/lib/node_modules/typescript/lib/tsc.js and C:\\Program Files\\App\\bin'],
  ['a base64 image header', 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='],
  ['markdown table', '| name | value |\n|------|-------|\n| a    | 1     |\n| b    | 2     |'],
  ['a Wikipedia coordinate', '51°38′22″N 0°21′26″W\uFEFF / \uFEFF51.6394°N 0.3571°W'],
  ['math with Greek letters', 'Let α = 0.05 and β = 0.2; the sum Σ x_i over i, with λ > 0 and Δt = 5 µs.'],
  ['product names with digits', 'I use GPT-4, an RTX 4090, Windows 11 and MP3 files in 4K.'],
];

describe('benign text', () => {
  it.each(BENIGN)('%s: no obfuscation signal', (_name, text) => {
    expect(signalWeights(text)).toEqual({});
  });

  // A URL's %20 escapes are decoded (so that an attack written in them is read), but they are
  // ordinary and give no signal; nothing else here should even look like a payload.
  it.each(BENIGN.filter(([name]) => !name.startsWith('a URL')))('%s: no decoded view', (_name, text) => {
    expect(kinds(text).filter((k) => k.startsWith('decoded:'))).toEqual([]);
  });

  it('weighs soft hyphens in a pasted article next to nothing', () => {
    expect(signalWeights('inter\u00ADnational coop\u00ADeration and hy\u00ADphen\u00ADation')).toEqual({ 'obfuscation.invisible_chars': 5 });
  });
});
