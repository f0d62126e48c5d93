import { A_B64_PUNCT, A_CR, A_DIGIT, A_LETTER, A_NEWLINE, A_PLAIN_PUNCT, A_PUNCT, A_SPACE, ASCII_CLASS, BMP_FOLD, BMP_KIND, IS_HEX, K_WORD } from './char-tables';
import { isForeignScript } from './confusables';
import { MIN_BASE64_RUN, emitNewline, emitSpace, endBase64Run, isAsciiLetter, wordBoundary } from './core-emit';
import { CoreState, H_BACKSLASH, H_COMMENT, H_ENTITY, H_HEX_PAIRS, textOf } from './core-state';
import { closeHiddenRuns } from './hidden-runs';
import { rot13Hint } from './rot13-segments';
import { nonAscii } from './non-ascii';

export interface CoreResult {
  readonly text: string;
  readonly state: CoreState;
}

/**
 * The main pass: one loop over UTF-16 code units. ASCII letters and digits (most of any prompt)
 * cost a table lookup and a store; everything else goes through small helpers. The offset map
 * always predicts "one to one from here" for the next character, so the hot path never touches it:
 * every helper that drops, folds or expands a character re-establishes that prediction.
 */
export function normalizeCore(source: string): CoreResult {
  const n = source.length;
  const st = new CoreState(source);
  const units = unitsOf(source);
  let out = st.out;
  // Mirrors of CoreState fields, kept in locals in the hot loop and synced around helper calls.
  let o = 0;
  let tokStart = 0;
  let digits = 0;
  let singles = 0;
  let hexPairs = 0;
  let b64Start = 0;
  // Nothing pending that a word boundary must look at (homoglyph word, split word, bidi override).
  let quiet = true;
  for (let i = 0; i < n; i++) {
    const c = units[i]!;
    if (c < 128) {
      const k = ASCII_CLASS[c]!;
      if (k === A_LETTER) {
        out[o++] = c | 32;
        // The rest of a run of ASCII letters, in a tight loop: `d | 32` is a lower-case letter
        // exactly when d is an ASCII letter (units[n] is 0: a run ends there).
        for (;;) {
          const l = units[i + 1]! | 32;
          if (l < 97 || l > 122) break;
          out[o++] = l;
          i++;
        }
        continue;
      }
      if (k === A_DIGIT) {
        out[o++] = c;
        digits++;
        continue;
      }
      // Fast path: a word boundary with nothing pending (wordBoundary, emitSpace, emitNewline, inlined).
      if (k <= A_PLAIN_PUNCT && digits === 0 && quiet) {
        const len = o - tokStart;
        if (len === 1) {
          if (++singles === 4) st.spacedStarts.push(tokStart);
          hexPairs = 0;
        } else if (len > 1) {
          singles = 0;
          if (len === 2 && IS_HEX[out[tokStart]!] === 1 && IS_HEX[out[tokStart + 1]!] === 1) {
            if (++hexPairs === 8) st.hints |= H_HEX_PAIRS;
          } else {
            hexPairs = 0;
            if (len === 3 || len === 6) st.rot13Hints += rot13Hint(out, tokStart, len);
          }
        }
        if (k !== A_B64_PUNCT) {
          if (i - b64Start >= MIN_BASE64_RUN) st.b64Runs.push(b64Start, i);
          b64Start = i + 1;
        }
        if (k === A_SPACE) {
          if (o > 0 && out[o - 1] !== 32 && out[o - 1] !== 10) out[o++] = 32;
          // Dropped: the map learns where output resumes, once per whitespace run.
          else if (units[i + 1] !== 32) st.map.expect(o, i + 1);
        } else if (k === A_NEWLINE) {
          if (o > 0 && out[o - 1] === 32) st.map.expect(--o, i);
          out[o++] = 10;
        } else {
          out[o++] = c;
        }
        tokStart = o;
        continue;
      }
    } else if (BMP_KIND[c] === K_WORD) {
      // Fast path: a letter of another script (nonAscii's first case, inlined).
      const f = BMP_FOLD[c]!;
      out[o++] = f;
      if (isForeignScript(f)) {
        st.wordForeign++;
        quiet = false;
      }
      if (i - b64Start >= MIN_BASE64_RUN) st.b64Runs.push(b64Start, i);
      b64Start = i + 1;
      continue;
    }
    spillLocals(st, o, tokStart, digits, singles, hexPairs, b64Start);
    if (c < 128) asciiSpecial(st, i, c, ASCII_CLASS[c]!);
    else i = nonAscii(st, i, c);
    out = st.out;
    o = st.o;
    tokStart = st.tokStart;
    digits = st.tokDigits;
    singles = st.singles;
    hexPairs = st.hexPairs;
    b64Start = st.b64Start;
    quiet = st.wordForeign === 0 && st.pendStart < 0 && st.splitAt < 0 && st.rloStart < 0;
  }
  spillLocals(st, o, tokStart, digits, singles, hexPairs, b64Start);
  wordBoundary(st, n);
  endBase64Run(st, n);
  closeHiddenRuns(st, n);
  if (st.o > 0 && st.out[st.o - 1] === 32) st.o--;
  spare = units;
  return { text: textOf(st.out, st.o), state: st };
}

/**
 * The source's code units in a typed array, then a 0: the main loop reads them with plain loads,
 * which cost less than charCodeAt (above all on a sliced or concatenated string). One buffer is
 * reused from call to call; a call takes it while it runs, so a nested call would get its own.
 */
let spare: Uint16Array = new Uint16Array(0);
function unitsOf(source: string): Uint16Array {
  const n = source.length;
  let units = spare;
  spare = NO_UNITS;
  if (units.length < n + 1) units = new Uint16Array(Math.max(n + 1, 1024));
  Buffer.from(units.buffer, units.byteOffset, n * 2).write(source, 'utf16le');
  units[n] = 0;
  return units;
}
const NO_UNITS = new Uint16Array(0);

function asciiSpecial(st: CoreState, i: number, c: number, k: number): void {
  if (k === A_B64_PUNCT) {
    wordBoundary(st, i);
    st.out[st.o++] = c;
  } else if (k === A_PUNCT || k === A_PLAIN_PUNCT) {
    wordBoundary(st, i);
    endBase64Run(st, i);
    notePunctuation(st, i, c);
    st.out[st.o++] = c;
  } else if (k === A_SPACE) {
    wordBoundary(st, i);
    endBase64Run(st, i);
    emitSpace(st, i);
  } else if (k === A_NEWLINE || (k === A_CR && st.source.charCodeAt(i + 1) !== 10)) {
    wordBoundary(st, i);
    endBase64Run(st, i);
    emitNewline(st, i);
  } else {
    // CR before LF, C0 controls, DEL: dropped, and they do not split a word ("ig\0nore").
    endBase64Run(st, i);
    st.map.expect(st.o, i + 1);
    return;
  }
  st.tokStart = st.o;
}

function notePunctuation(st: CoreState, i: number, c: number): void {
  const s = st.source;
  switch (c) {
    case 37: // %
      st.percents++;
      break;
    case 92: // \
      st.hints |= H_BACKSLASH;
      break;
    case 38: // &
      if (s.charCodeAt(i + 1) === 35) st.hints |= H_ENTITY;
      break;
    case 60: // <
      if (s.startsWith('!--', i + 1)) st.hints |= H_COMMENT;
      break;
    case 64: // @
    case 36: // $
    case 124: // |
      if (isAsciiLetter(st.out[st.o - 1] ?? 0) || ASCII_CLASS[s.charCodeAt(i + 1) & 127] === A_LETTER) st.leetAt.push(st.o);
      break;
  }
}

/**
 * The main loop keeps the hottest state fields in locals (V8 keeps them in registers); before any
 * slow-path helper, which reads the state object, and at the end, they are written back here.
 */
function spillLocals(st: CoreState, o: number, tokStart: number, digits: number, singles: number, hexPairs: number, b64Start: number): void {
  st.o = o;
  st.tokStart = tokStart;
  st.tokDigits = digits;
  st.singles = singles;
  st.hexPairs = hexPairs;
  st.b64Start = b64Start;
}
