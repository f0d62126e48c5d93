export { parsePolicy, DEFAULT_REASON, type ParsePolicyOptions } from './parse-policy';
export { compilePolicy, type PolicyMeta } from './compile-policy';
export { evaluatePolicy } from './evaluate-policy';
export { builtinPolicy } from './builtin-policy';
export { loadPolicyFile, buildPolicy, readPolicyBytes, MAX_POLICY_BYTES, type LoadPolicyOptions } from './load-policy';
export { createPolicyStore, type PolicyStoreOptions } from './policy-store';
export { compileGlob, compileGlobList } from './glob';
export { policySchema } from './policy-schema';
export type * from './types';
