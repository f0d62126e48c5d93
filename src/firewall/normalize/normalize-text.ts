import { FIREWALL_LIMITS } from '../limits';
import type { TextView } from '../types';
import { alignedView, blobView, collapsedView } from './build-views';
import { collapseText } from './collapse';
import { type Payload, findPayloads } from './find-payloads';
import { joinedWordsView } from './joined-words';
import { type CoreResult, normalizeCore } from './normalize-core';
import { type DecodeStats, buildSignals } from './signals';
import { SpanCollector } from './span-collector';
import type { NormalizedText } from './types';

/**
 * Normalises one text part and builds every other reading of it: the collapsed view, and a view
 * per decoded or hidden payload (bounded by FIREWALL_LIMITS), with the obfuscation signals they
 * give. Linear in the input: one main pass, and later passes only where it saw candidates.
 */
export function normalizeText(original: string): NormalizedText {
  const core = normalizeCore(original);
  const map = core.state.map;
  const views: TextView[] = [];
  const collapsed = collapseText(core.text, core.state, map);
  if (collapsed !== undefined) views.push(collapsedView(collapsed, map, core.text.length));
  const joined = joinedWordsView(core.text, map);
  if (joined !== undefined) views.push(joined);
  const decoder = new PayloadDecoder(core, views);
  for (const payload of findPayloads(original, core)) decoder.add(payload, 1, undefined);
  return { text: core.text, map, signals: buildSignals(core.state, collapsed, decoder.stats), views };
}

interface Outer {
  readonly kind: string;
  readonly start: number;
  readonly end: number;
}

/** Turns payloads into views within the decode budget; decodes inside decoded text up to the depth limit. */
class PayloadDecoder {
  readonly stats: DecodeStats = { encoded: new SpanCollector(), overflow: new SpanCollector() };
  private payloadsLeft: number = FIREWALL_LIMITS.maxDecodedPayloads;
  private charsLeft: number = FIREWALL_LIMITS.maxDecodedChars;

  constructor(
    private readonly top: CoreResult,
    private readonly views: TextView[],
  ) {}

  /** `payload` was found at `depth` (1: in the original); `outer` is the blob it was found in, if any. */
  add(payload: Payload, depth: number, outer: Outer | undefined): void {
    const kind = outer === undefined ? payload.kind : `${outer.kind}+${payload.kind}`;
    const start = outer === undefined ? payload.start : outer.start;
    const end = outer === undefined ? payload.end : outer.end;
    if (payload.encoded) this.stats.encoded.add(start, end);
    // Comment bodies are in the normalised view already; anything else left unread fails closed.
    const mustRead = payload.kind !== 'html_comment';
    let raw = payload.text;
    if (this.payloadsLeft === 0 || this.charsLeft === 0) {
      if (mustRead) this.stats.overflow.add(start, end);
      return;
    }
    if (raw.length > this.charsLeft || payload.truncated) {
      raw = raw.slice(0, this.charsLeft);
      if (mustRead) this.stats.overflow.add(start, end);
    }
    this.payloadsLeft--;
    this.charsLeft -= raw.length;
    if (payload.normalized) {
      const exact = outer === undefined && payload.normalizedStart !== undefined;
      const map = this.top.state.map;
      this.views.push(exact ? alignedView(`decoded:${kind}`, raw, map, this.top.text.length, payload.normalizedStart) : blobView(`decoded:${kind}`, raw, start, end));
      return;
    }
    const inner = normalizeCore(raw);
    const text = payload.kind === 'bidi' ? Array.from(inner.text).reverse().join('') : inner.text;
    this.views.push(blobView(`decoded:${kind}`, text, start, end));
    if (depth >= FIREWALL_LIMITS.maxDecodeDepth) return;
    for (const nested of findPayloads(raw, inner)) this.add(nested, depth + 1, { kind, start, end });
  }
}
