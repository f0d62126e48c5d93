import { combineScores, type Detector, type MessageRole, type RawFinding, type TextView } from '../../../src/firewall';

/**
 * Runs detector families on one text the way the pipeline does, but on a plain lower-cased NFKC
 * view, so these tests pin the families themselves and not the normaliser (tested on its own).
 * The score is the pipeline's: strongest finding per id, combined; tool and user weigh 1.
 */
export interface Run {
  readonly findings: readonly RawFinding[];
  readonly score: number;
}

export function runDetectors(detectors: readonly Detector[], text: string, role: MessageRole = 'tool'): Run {
  const folded = text.normalize('NFKC').toLowerCase();
  if (folded.length !== text.length) throw new Error('Cannot run the test: pick a text whose folded form keeps its length');
  const view: TextView = { kind: 'normalized', text: folded, mapSpan: (start, end) => [start, end] };
  const findings = detectors.filter((d) => d.roles === undefined || d.roles.has(role)).flatMap((d) => d.detect(view, { role }));
  const strongest = new Map<string, number>();
  for (const f of findings) strongest.set(f.id, Math.max(strongest.get(f.id) ?? 0, f.weight));
  return { findings, score: combineScores([...strongest.values()]) };
}

export const summary = (run: Run): string => run.findings.map((f) => `${f.id}:${f.weight}`).join(', ');
