import { compilePolicy, parsePolicy, type CompiledPolicy } from '../../../src/policy';

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
