import type { ValidateFunction } from 'ajv';

/** The two actions a rule can match. */
export type PolicyAction = 'prompt:check' | 'tool:execute';
export type Decision = 'allow' | 'deny';

/** A policy file as written (after validation), in the original kalguard-core format plus `tools`. */
export interface PolicyDocument {
  readonly version: string;
  readonly defaultDecision?: Decision;
  readonly defaultReason?: string;
  readonly description?: string;
  readonly rules: readonly PolicyRuleDocument[];
  readonly tools?: Readonly<Record<string, ToolDefinitionDocument>>;
}

export interface PolicyRuleDocument {
  readonly id: string;
  readonly description?: string;
  readonly match: {
    readonly agentIds?: readonly string[];
    readonly actions?: readonly PolicyAction[];
    readonly tools?: readonly string[];
  };
  readonly decision: Decision;
  readonly reason?: string;
}

export interface ToolDefinitionDocument {
  readonly description?: string;
  /** JSON Schema of the arguments, exactly as OpenAI/Anthropic tool definitions carry it. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly rateLimitPerMinute?: number;
  readonly exec?: ExecDocument;
}

/** A tool's `exec` section as written (after validation). */
export interface ExecDocument {
  readonly command: string;
  readonly args?: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly network?: boolean;
}

/** A tool's `exec` section, frozen with its defaults applied (the timeout default is the runner's). */
export interface CompiledExec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** undefined: KALGUARD_SANDBOX_TIMEOUT_MS. */
  readonly timeoutMs: number | undefined;
  readonly network: boolean;
}

/** A compiled rule: globs turned into matchers once, at load. */
export interface CompiledRule {
  readonly id: string;
  readonly decision: Decision;
  readonly reason: string;
  /** undefined = matches any value. */
  readonly matchAgent: ((agentId: string) => boolean) | undefined;
  readonly actions: ReadonlySet<PolicyAction> | undefined;
  readonly matchTool: ((toolName: string) => boolean) | undefined;
}

export interface CompiledTool {
  readonly name: string;
  /** Compiled once per policy load; undefined when the tool declares no parameters schema. */
  readonly validateArguments: ValidateFunction | undefined;
  readonly rateLimitPerMinute: number | undefined;
  /** How POST /v1/tool/execute runs it; absent: the tool is check-only. */
  readonly exec?: CompiledExec;
}

/** The frozen, evaluable policy. A reload builds a whole new one and swaps one reference. */
export interface CompiledPolicy {
  readonly version: string;
  /** sha256 hex of the exact bytes loaded ("builtin:deny-all" style ids for built-in policies). */
  readonly hash: string;
  /** Where it came from: the file path, or "builtin". */
  readonly source: string;
  readonly defaultDecision: Decision;
  readonly defaultReason: string;
  readonly rules: readonly CompiledRule[];
  /** undefined = no tool catalogue: rules alone decide. Defined = closed catalogue (allow-list). */
  readonly tools: ReadonlyMap<string, CompiledTool> | undefined;
}

export interface PolicyRequest {
  readonly agentId: string;
  readonly action: PolicyAction;
  /** Present for tool:execute. */
  readonly toolName?: string;
}

/** A decision is a value. `ruleId` is the deciding rule, or "default" / "error". */
export interface PolicyDecision {
  readonly decision: Decision;
  readonly ruleId: string;
  readonly reason: string;
  readonly policyHash: string;
  readonly policyVersion: string;
}

/** What started a reload: a file change, SIGHUP, or a caller (CLI, tests). */
export type PolicyReloadTrigger = 'watch' | 'signal' | 'manual';

export interface PolicyStoreError {
  readonly code: string;
  readonly message: string;
  readonly details: readonly { readonly path: string; readonly message: string }[];
}

export type PolicyStoreEvent =
  | {
      readonly type: 'policy.reloaded';
      readonly previousHash: string;
      readonly hash: string;
      readonly version: string;
      readonly trigger: PolicyReloadTrigger;
    }
  | {
      readonly type: 'policy.reload_failed';
      /** The hash of the policy still being served. */
      readonly hash: string;
      /** The hash of the rejected content; absent when the file could not be read. */
      readonly attemptedHash?: string;
      readonly error: PolicyStoreError;
      readonly trigger: PolicyReloadTrigger;
    };

export type PolicyReloadOutcome =
  | { readonly changed: true; readonly status: 'reloaded'; readonly previousHash: string; readonly hash: string; readonly version: string }
  | {
      readonly changed: false;
      /**
       * unchanged: the file holds the served policy (or content that already failed, on a watch).
       * failed: the file could not be read or is not a valid policy; the last good policy stays.
       * skipped: nothing to reload (built-in policy) or the store is closed.
       */
      readonly status: 'unchanged' | 'failed' | 'skipped';
      readonly hash: string;
      readonly error?: PolicyStoreError;
    };

export interface PolicyStoreHealth {
  /** False while the file on disk is one that failed to load (the last good policy is served). */
  readonly healthy: boolean;
  readonly lastError?: string;
  readonly hash: string;
  /** ISO 8601 time the served policy was loaded. */
  readonly loadedAt: string;
}

/** Holds the served policy; swaps it whole on a successful reload. */
export interface PolicyStore {
  current(): CompiledPolicy;
  reload(trigger: PolicyReloadTrigger): Promise<PolicyReloadOutcome>;
  health(): PolicyStoreHealth;
  close(): void;
}
