import { readFileSync } from 'node:fs';

export interface AuditLine {
  /** 1-based line number in the file. */
  readonly lineNo: number;
  readonly text: string;
  /** The parsed record, or undefined when the line is not JSON (a torn line). */
  readonly record: Record<string, any> | undefined;
}

/**
 * Reads an audit file line by line without trusting it: the torture tests must see torn or
 * interleaved lines, not have JSON.parse throw on the first one. `endsWithNewline` is false when the
 * last line is unfinished.
 */
export function readAuditFile(path: string): { lines: AuditLine[]; endsWithNewline: boolean } {
  const text = readFileSync(path, 'utf8');
  const parts = text.split('\n');
  const endsWithNewline = parts[parts.length - 1] === '';
  if (endsWithNewline) parts.pop();
  const lines = parts.map((line, i) => {
    let record: Record<string, any> | undefined;
    try {
      const parsed: unknown = JSON.parse(line);
      record = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, any>) : undefined;
    } catch {
      record = undefined;
    }
    return { lineNo: i + 1, text: line, record };
  });
  return { lines, endsWithNewline };
}

export interface AuditConsistency {
  /** Human-readable violations; empty when the file is consistent. */
  readonly problems: string[];
  /** Lines that are not records but were reported by a following audit.recovered (torn by a crash). */
  readonly tornLines: AuditLine[];
  readonly records: Record<string, any>[];
}

/**
 * The invariants of an audit file that went through crashes and restarts:
 * - every line is one complete JSON record, except a line torn by a crash, which must be directly
 *   followed by the `audit.recovered` record of the restart that found it, with its exact length;
 * - `seq` runs 1, 2, 3, … without gap or repeat over all records (a torn line was never
 *   acknowledged, so its number is given again).
 */
export function checkAuditConsistency(path: string): AuditConsistency {
  const { lines, endsWithNewline } = readAuditFile(path);
  const problems: string[] = [];
  const tornLines: AuditLine[] = [];
  const records: Record<string, any>[] = [];
  if (!endsWithNewline) problems.push('the file does not end with a newline (an unfinished last line after a clean stop)');
  lines.forEach((line, i) => {
    const next = lines[i + 1]?.record;
    const reportedTorn = next?.['type'] === 'audit.recovered' && next['reasonCode'] === 'audit.torn_line';
    if (reportedTorn && Buffer.byteLength(line.text) === next['details']?.['tornBytes']) {
      tornLines.push(line);
      return;
    }
    if (line.record === undefined) {
      problems.push(`line ${line.lineNo} is not a JSON record and no audit.recovered reports it: ${line.text.slice(0, 120)}`);
      return;
    }
    records.push(line.record);
  });
  let expected = 1;
  for (const record of records) {
    if (record['seq'] !== expected) problems.push(`seq ${String(record['seq'])} where ${expected} was expected (type ${String(record['type'])})`);
    expected = typeof record['seq'] === 'number' ? record['seq'] + 1 : expected + 1;
  }
  return { problems, tornLines, records };
}
