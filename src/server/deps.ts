import type { Logger } from 'pino';
import type { AuditSink } from '../audit';
import type { TokenVerifier } from '../auth';
import type { SidecarConfig } from '../config';
import type { PromptMessage, PromptVerdict, Thresholds } from '../firewall';
import type { CompiledPolicy } from '../policy';
import type { SandboxRunner } from '../sandbox';
import type { ToolMediator } from '../tools';

/** What the HTTP edge needs; main.ts builds every piece and hands them in. */
export interface ServerDeps {
  readonly config: SidecarConfig;
  readonly logger: Logger;
  readonly verifier: TokenVerifier;
  readonly policy: {
    current(): CompiledPolicy;
    health(): { readonly healthy: boolean; readonly hash: string; readonly lastError?: string };
  };
  readonly mediator: ToolMediator;
  readonly audit: AuditSink;
  readonly evaluatePrompt: (messages: readonly PromptMessage[], thresholds: Thresholds) => PromptVerdict;
  /** Runs allowed tool calls (POST /v1/tool/execute). Absent: every execution is refused. */
  readonly sandbox?: SandboxRunner;
}
