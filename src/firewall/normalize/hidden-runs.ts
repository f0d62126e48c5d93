import type { CoreState } from './core-state';
import { FIREWALL_LIMITS } from '../limits';
import { decodeUtf8, isMostlyText, stringFromCodes } from './text-utils';

/*
 * Runs of characters that carry text a reader cannot see: Unicode tag characters (U+E0020–E007E
 * spell ASCII), variation selectors used as bytes, and right-to-left overrides that display text
 * in the reverse of the order a model reads it. Each run becomes a payload for its own view.
 */

const MAX_HIDDEN_CHARS = FIREWALL_LIMITS.maxDecodedChars;

/** Tag characters after U+1F3F4 (waving black flag), lower-case letters and digits, then CANCEL TAG: a subdivision flag. */
const FLAG = { high: 0xd83c, low: 0xdff4, maxLetters: 8 };

export function tagCharacter(st: CoreState, i: number, cp: number): void {
  if (st.tagEnd !== i) {
    closeTags(st);
    st.tagStart = i;
    st.tagFlagBase = st.o >= 2 && st.out[st.o - 2] === FLAG.high && st.out[st.o - 1] === FLAG.low;
    st.tagCodes = [];
    st.tagOnlyFlagLetters = true;
  }
  st.tagEnd = i + 2;
  const t = cp - 0xe0000;
  st.tagCancelLast = t === 0x7f;
  if (t !== 0x7f) {
    if (!((t >= 0x61 && t <= 0x7a) || (t >= 0x30 && t <= 0x39))) st.tagOnlyFlagLetters = false;
    if (t >= 0x20 && t < 0x7f && st.tagCodes.length < MAX_HIDDEN_CHARS) st.tagCodes.push(t);
  }
  st.map.expect(st.o, i + 2);
}

function closeTags(st: CoreState): void {
  if (st.tagStart < 0) return;
  const codes = st.tagCodes;
  const isFlag = st.tagFlagBase && st.tagOnlyFlagLetters && st.tagCancelLast && codes.length >= 2 && codes.length <= FLAG.maxLetters;
  if (!isFlag) {
    st.tagChars.add(st.tagStart, st.tagEnd);
    if (codes.length > 0) st.hidden.push({ kind: 'tags', start: st.tagStart, end: st.tagEnd, text: stringFromCodes(codes) });
  }
  st.tagStart = -1;
  st.tagEnd = -1;
}

/**
 * Variation selectors as bytes (FE00–FE0F: 0–15, E0100–E01EF: 16–255): one after an emoji is
 * ordinary; a run of them after one character is data hidden in plain sight.
 */
export function variationSelector(st: CoreState, i: number, byte: number, width: number): void {
  if (st.vsEnd !== i) {
    closeVariation(st);
    st.vsStart = i;
    st.vsBytes = [];
  }
  st.vsEnd = i + width;
  if (st.vsBytes.length < MAX_HIDDEN_CHARS) st.vsBytes.push(byte);
  st.map.expect(st.o, i + width);
}

function closeVariation(st: CoreState): void {
  if (st.vsStart < 0) return;
  const bytes = st.vsBytes;
  if (bytes.length >= 2) {
    const text = decodeUtf8(Uint8Array.from(bytes));
    if (isMostlyText(text)) {
      st.variationText.add(st.vsStart, st.vsEnd);
      st.hidden.push({ kind: 'variation_selectors', start: st.vsStart, end: st.vsEnd, text });
    } else if (bytes.length >= 4) {
      st.variationRuns.add(st.vsStart, st.vsEnd);
    }
  }
  st.vsStart = -1;
  st.vsEnd = -1;
}

/** A right-to-left override ends at a PDF/PDI (`markerEnd` past it), at a line break, or at the end. */
export function closeRlo(st: CoreState, contentEnd: number, markerEnd: number): void {
  const start = st.rloStart;
  st.rloStart = -1;
  if (contentEnd > start + 1) {
    st.hidden.push({ kind: 'bidi', start, end: Math.max(markerEnd, contentEnd), text: st.source.slice(start + 1, contentEnd) });
  }
}

export function closeHiddenRuns(st: CoreState, n: number): void {
  closeTags(st);
  closeVariation(st);
  if (st.rloStart >= 0) closeRlo(st, n, n);
}
