import { readdirSync } from 'node:fs';
import { expect } from 'vitest';
import { KalguardError } from '../../../src/errors';
import { compilePolicy, loadPolicyFile, parsePolicy, type CompiledPolicy } from '../../../src/policy';

/** Parses and compiles policy JSON given as an object, the way a file would be. */
export function compileFromObject(doc: unknown, options: { defaultDeny?: boolean; hash?: string } = {}): CompiledPolicy {
  const parsed = parsePolicy(JSON.stringify(doc), { defaultDeny: options.defaultDeny ?? true });
  return compilePolicy(parsed, { hash: options.hash ?? 'test-hash', source: 'test' });
}

/** The thrown error of `fn`, failing the test when nothing is thrown. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but nothing was thrown');
}

/**
 * Loads a fixture that holds exactly one problem and checks the one error it must give: the code,
 * a single detail at `path` whose message says `message`, and a message naming the file. One problem per fixture: a fixture that trips two checks would hide which one works.
 */
export async function expectOnePolicyProblem(source: string, path: string, message: string): Promise<KalguardError> {
  const error = await loadPolicyFile(source, { defaultDeny: true }).then(
    () => expect.fail(`${source} loaded, but it is invalid`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KalguardError);
  const kalguardError = error as KalguardError;
  expect(kalguardError.code).toBe('ERR_POLICY_INVALID');
  expect(kalguardError.details).toHaveLength(1);
  expect(kalguardError.details[0]?.path).toBe(path);
  expect(kalguardError.details[0]?.message).toContain(message);
  expect(kalguardError.message.startsWith(`Cannot load policy ${source}: `)).toBe(true);
  expect(kalguardError.message).toContain(message);
  return kalguardError;
}

/** The fixture names in `dir` (without .json), sorted: every table entry has a file and back. */
export function fixtureNames(dir: string): string[] {
  return readdirSync(dir).map((f) => f.replace(/\.json$/, '')).sort();
}
