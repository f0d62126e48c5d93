import type { UnsafeOverride } from '../config';

/** What the start-up gate looks at; gathered at the edge (gather-facts.ts), judged purely here. */
export interface StartupFacts {
  readonly uid: number | undefined;
  readonly tokenSecret: string | undefined;
  readonly policy: FileFacts | undefined;
  readonly policyDir: FileFacts | undefined;
  readonly policyDefaultDecision: 'allow' | 'deny';
  readonly auditDir: FileFacts | undefined;
  /** Node switches that reached the process: execArgv plus NODE_OPTIONS, as given. */
  readonly nodeExecArgv: readonly string[];
  readonly nodeOptions: string | undefined;
}

export interface FileFacts {
  readonly path: string;
  readonly mode: number;
  readonly uid: number;
  /**
   * On a read-only mount (a Kubernetes ConfigMap volume: its directory is mode 0777, but mounted
   * read-only), so nobody can write it whatever the mode bits say.
   */
  readonly readOnlyMount?: boolean;
}

/** One reason not to start: what is wrong, why it matters, and the override that would accept it. */
export interface SafetyProblem {
  readonly override: UnsafeOverride;
  readonly message: string;
}

export interface SafetyVerdict {
  /** Problems no override covers: start-up must stop. */
  readonly refusals: readonly SafetyProblem[];
  /** Problems the operator overrode: start, but warn, audit and list them in /health. */
  readonly overridden: readonly SafetyProblem[];
}
