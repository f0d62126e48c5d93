import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ErrorDetail } from '../errors';
import type { CompiledExec, CompiledTool, ExecDocument, ToolDefinitionDocument } from './types';

/*
 * ajv and ajv-formats are CommonJS modules that also set `exports.default`. Depending on who loads
 * them (vitest's ESM loader, node's ESM-CJS interop, esbuild's CJS bundle) the default import is
 * either the class/function itself or the module object holding it under `.default`. Taking
 * `.default` when present works in all three; the types are the same either way.
 */
type AjvClass = typeof AjvModule;
type AddFormats = typeof addFormatsModule;
const Ajv: AjvClass = (AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule;
const addFormats: AddFormats = (addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule;

export type ToolCompileResult =
  | { readonly ok: true; readonly tools: ReadonlyMap<string, CompiledTool> }
  | { readonly ok: false; readonly problems: readonly ErrorDetail[] };

/**
 * Compiles every tool's `parameters` JSON Schema once, with one ajv instance per policy load (a
 * reload never shares compiled state with the policy it replaces). Reports every invalid schema.
 */
export function compileTools(tools: Readonly<Record<string, ToolDefinitionDocument>>): ToolCompileResult {
  const ajv = createAjv();
  const compiled = new Map<string, CompiledTool>();
  const problems: ErrorDetail[] = [];
  for (const [name, definition] of Object.entries(tools)) {
    try {
      compiled.set(name, compileTool(ajv, name, definition));
    } catch (error) {
      problems.push({ path: `tools.${name}.parameters`, message: `invalid JSON Schema: ${(error as Error).message}` });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, tools: compiled };
}

function compileTool(ajv: InstanceType<AjvClass>, name: string, definition: ToolDefinitionDocument): CompiledTool {
  return Object.freeze({
    name,
    // The ValidateFunction is not frozen: ajv writes `.errors` on it at every call. That is safe
    // because a call and the read of its errors happen in one synchronous step.
    validateArguments: definition.parameters === undefined ? undefined : ajv.compile(definition.parameters),
    rateLimitPerMinute: definition.rateLimitPerMinute,
    ...(definition.exec === undefined ? {} : { exec: compileExec(definition.exec) }),
  });
}

function compileExec(exec: ExecDocument): CompiledExec {
  // A null-prototype copy: a variable named like an Object.prototype member stays a plain entry.
  const env: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(exec.env ?? {})) env[name] = value;
  return Object.freeze({
    command: exec.command,
    args: Object.freeze([...(exec.args ?? [])]),
    cwd: exec.cwd,
    env: Object.freeze(env),
    timeoutMs: exec.timeoutMs,
    network: exec.network ?? false,
  });
}

function createAjv(): InstanceType<AjvClass> {
  const ajv = new Ajv({
    // Stop at the first error: collecting all of them costs time an attacker controls (big arguments).
    allErrors: false,
    // Strict catches typos (`requried`) and unknown formats, which ajv would otherwise ignore,
    // silently letting anything through. The three relaxed checks only flag looseness that real
    // OpenAI/Anthropic tool definitions commonly have (`properties` without `type: "object"`,
    // `items` arrays without `minItems`, `required` naming a property not in `properties`), so
    // those definitions paste in unchanged.
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
  });
  addFormats(ajv);
  return ajv;
}
