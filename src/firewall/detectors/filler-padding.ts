import type { Detector, RawFinding } from '../types';

/*
 * Filler padding: hundreds of repetitions of a short junk unit ("ö ö ö …", ") ] } ) ] } …",
 * thousands of line breaks) put before an instruction, to push the operator's prompt out of the
 * model's attention or past a scanner's window. Ordinary text repeats a unit this often only in
 * separator lines and progress bars, which are short; so the run must be long, and a run of one
 * repeated character (a rule line, a leader) much longer still. Medium weight: the filler is
 * evidence only next to an instruction it carries ("access granted", "new instructions").
 *
 * Linear and cheap: a run at least MIN_RUN long always contains one of the sample points taken
 * every STRIDE characters with room to spare, so only the sample points are tested (a few
 * comparisons each); a run found is measured once and the scan resumes after it.
 */

/** Longest repeated unit, in UTF-16 units. */
const MAX_PERIOD = 6;
/** Shortest run of a unit of 2–6 characters that counts, and the fewest repetitions in it. */
const MIN_RUN = 300;
const MIN_REPEATS = 50;
/** A single repeated character ("-----", "\n\n\n", "……") must run much longer. */
const MIN_RUN_SINGLE = 1000;
/** Sample spacing; MIN_RUN − STRIDE − PROBE leaves every qualifying run a sample point. */
const STRIDE = 200;
/** Characters compared at a sample point before measuring the run around it. */
const PROBE = 24;
const WEIGHT = 40;

export const FILLER_PADDING: Detector = {
  name: 'filler-padding',
  patterns: [],
  detect(view) {
    const text = view.text;
    const findings: RawFinding[] = [];
    for (let i = 0; i + PROBE + MAX_PERIOD < text.length; i += STRIDE) {
      const period = periodAt(text, i);
      if (period === 0) continue;
      let start = i;
      while (start > 0 && text.charCodeAt(start - 1) === text.charCodeAt(start - 1 + period)) start--;
      let end = i + period;
      while (end < text.length && text.charCodeAt(end) === text.charCodeAt(end - period)) end++;
      const length = end - start;
      if (length >= (period === 1 ? MIN_RUN_SINGLE : MIN_RUN) && length / period >= MIN_REPEATS) {
        findings.push({ id: 'obfuscation.filler_padding', category: 'obfuscation', start, end, weight: WEIGHT, description: `${Math.floor(length / period)} repetitions of a ${period}-character filler` });
      }
      // Resume after the run: every character is measured at most once more.
      i = Math.max(i, end - STRIDE);
    }
    return findings;
  },
};

/** The shortest period p ≤ MAX_PERIOD with text[k] = text[k + p] over PROBE characters from i; 0 if none. */
function periodAt(text: string, i: number): number {
  for (let p = 1; p <= MAX_PERIOD; p++) {
    let k = 0;
    while (k < PROBE && text.charCodeAt(i + k) === text.charCodeAt(i + k + p)) k++;
    if (k === PROBE) return p;
  }
  return 0;
}
