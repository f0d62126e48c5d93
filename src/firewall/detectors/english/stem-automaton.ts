/**
 * Aho–Corasick over the literal key stems of the english rule sets: one pass over the text, one
 * table lookup per UTF-16 unit, every occurrence of every stem reported — however many stems
 * there are. A RegExp alternation of the same ~700 stems runs four to eight times slower in V8,
 * and slows down with each stem added.
 *
 * Built once at module load and never mutated afterwards.
 */
export interface StemAutomaton {
  /** Every occurrence as flattened (stem, start, end) triples, in order of `end`; empty when none. */
  scan(text: string): Int32Array;
}

/** How a stem is matched at its edges. */
export interface StemSpec {
  readonly text: string;
  /** The occurrence must start at a word boundary (previous unit not a letter, digit or `_`). */
  readonly boundaryBefore: boolean;
  /** The occurrence must end at a word boundary. */
  readonly boundaryAfter: boolean;
  /** A run of one repeated symbol ("---"): reported once, at the start of a longer run. */
  readonly run: boolean;
}

export function compileStemAutomaton(stems: readonly StemSpec[]): StemAutomaton {
  // Alphabet: every unit used by a stem gets a class; all other units share class 0.
  const classOf = new Uint8Array(65536);
  let classes = 1;
  for (const stem of stems) {
    for (let i = 0; i < stem.text.length; i++) {
      const unit = stem.text.charCodeAt(i);
      if (classOf[unit] === 0) {
        if (classes === 255) throw new Error('Cannot compile stems: more than 254 distinct characters');
        classOf[unit] = classes++;
      }
    }
  }
  // Trie.
  const children: Map<number, number>[] = [new Map()];
  const ends: number[][] = [[]];
  stems.forEach((stem, index) => {
    let state = 0;
    for (let i = 0; i < stem.text.length; i++) {
      const c = classOf[stem.text.charCodeAt(i)]!;
      let next = children[state]!.get(c);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        ends.push([]);
        children[state]!.set(c, next);
      }
      state = next;
    }
    ends[state]!.push(index);
  });
  // Renumber the states breadth first: the shallow states, where the scan spends nearly all its
  // time, then share a few cache lines.
  const order: number[] = [0];
  for (let q = 0; q < order.length; q++) for (const next of children[order[q]!]!.values()) order.push(next);
  const renumber = new Int32Array(order.length);
  order.forEach((old, fresh) => (renumber[old] = fresh));
  const bfsChildren = order.map((old) => new Map([...children[old]!].map(([c, next]) => [c, renumber[next]!] as const)));
  const bfsEnds = order.map((old) => ends[old]!);
  children.splice(0, children.length, ...bfsChildren);
  ends.splice(0, ends.length, ...bfsEnds);
  // Failure links (breadth first) folded into a full transition table.
  const states = children.length;
  const delta = new Int32Array(states * classes);
  const fail = new Int32Array(states);
  const outputs: number[][] = ends.map((e) => [...e]);
  const queue: number[] = [];
  for (const [c, next] of children[0]!) {
    delta[c] = next;
    queue.push(next);
  }
  for (let q = 0; q < queue.length; q++) {
    const state = queue[q]!;
    outputs[state]!.push(...outputs[fail[state]!]!);
    for (let c = 0; c < classes; c++) {
      const next = children[state]!.get(c);
      if (next === undefined) delta[state * classes + c] = delta[fail[state]! * classes + c]!;
      else {
        fail[next] = delta[fail[state]! * classes + c]!;
        delta[state * classes + c] = next;
        queue.push(next);
      }
    }
  }
  // Outputs as one flat list per state: offsets into `outputStems`.
  const outputStart = new Int32Array(states + 1);
  const flat: number[] = [];
  for (let s = 0; s < states; s++) {
    outputStart[s] = flat.length;
    flat.push(...outputs[s]!);
  }
  outputStart[states] = flat.length;
  const outputStems = Int32Array.from(flat);
  const lengths = Int32Array.from(stems.map((s) => s.text.length));
  const flagsOf = Uint8Array.from(stems.map((s) => (s.boundaryBefore ? BOUNDARY_BEFORE : 0) | (s.boundaryAfter ? BOUNDARY_AFTER : 0) | (s.run ? RUN : 0)));
  // The hot loop reads one table entry per unit: the next state's row offset, negated (minus
  // one) when that state reports stems — so the common case is one load and one comparison.
  const table = new Int32Array(states * classes);
  for (let i = 0; i < table.length; i++) {
    const next = delta[i]!;
    table[i] = outputStart[next + 1]! > outputStart[next]! ? -(next * classes) - 1 : next * classes;
  }

  const automaton: StemAutomaton = {
    scan(text) {
      let found = EMPTY;
      let size = 0;
      let row = 0;
      const n = text.length;
      for (let i = 0; i < n; i++) {
        row = table[row + classOf[text.charCodeAt(i)]!]!;
        if (row >= 0) continue;
        row = -row - 1;
        const state = row / classes;
        const end = i + 1;
        for (let o = outputStart[state]!, to = outputStart[state + 1]!; o < to; o++) {
          const stem = outputStems[o]!;
          const start = end - lengths[stem]!;
          const flags = flagsOf[stem]!;
          if ((flags & BOUNDARY_BEFORE) !== 0 && start > 0 && isWordUnit(text.charCodeAt(start - 1))) continue;
          if ((flags & BOUNDARY_AFTER) !== 0 && end < n && isWordUnit(text.charCodeAt(end))) continue;
          if ((flags & RUN) !== 0 && start > 0 && text.charCodeAt(start - 1) === text.charCodeAt(start)) continue;
          if (size + 3 > found.length) {
            const grown = new Int32Array(Math.max(48, found.length * 2));
            grown.set(found);
            found = grown;
          }
          found[size++] = stem;
          found[size++] = start;
          found[size++] = end;
        }
      }
      return found.subarray(0, size);
    },
  };
  // Warm-up: one scan that reaches every statement of `scan`, so that V8 has type feedback for
  // all of it before the first long text. Otherwise the first call is optimised mid-loop (OSR)
  // without feedback for the code after the loop, and that optimised code then bails out
  // (a soft deopt, which never discards it) at the end of every later call — several times
  // slower. The result is discarded; the automaton is not mutated.
  automaton.scan(stems.map((s) => s.text).join(' '));
  return automaton;
}

const EMPTY = new Int32Array(0);
const BOUNDARY_BEFORE = 1;
const BOUNDARY_AFTER = 2;
const RUN = 4;

function isWordUnit(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || (code >= 65 && code <= 90);
}
