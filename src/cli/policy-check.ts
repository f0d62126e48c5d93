import { isKalguardError } from '../errors';
import { analyzePolicy, buildPolicy, parsePolicy, readPolicyBytes } from '../policy';

export interface CommandIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

/** `policy check FILE`: every problem with its JSON path; warnings for dead rules. Exit 0 valid, 1 invalid. */
export async function runPolicyCheck(file: string, defaultDeny: boolean, io: CommandIo): Promise<number> {
  try {
    const bytes = await readPolicyBytes(file);
    const compiled = buildPolicy(bytes, file, { defaultDeny });
    const warnings = analyzePolicy(parsePolicy(Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, ''), { defaultDeny }));
    io.stdout(`valid: ${file} (version ${compiled.version}, ${compiled.rules.length} rules, sha256 ${compiled.hash})`);
    for (const w of warnings) io.stdout(`warning: ${w.path}: ${w.message}`);
    return 0;
  } catch (error) {
    if (!isKalguardError(error)) throw error;
    io.stderr(`invalid: ${error.message}`);
    for (const d of error.details) io.stderr(`  ${d.path}: ${d.message}`);
    return 1;
  }
}
