/** Event types recorded in the audit log. Stable strings: dashboards group on them. */
export type AuditEventType =
  | 'startup'
  | 'shutdown'
  | 'policy.loaded'
  | 'policy.reloaded'
  | 'policy.reload_failed'
  | 'auth.failed'
  | 'prompt.decision'
  | 'tool.decision'
  | 'tool.execution'
  | 'audit.recovered';

/**
 * An audit event before the sink stamps it. Optional fields are omitted from the line when absent.
 * Content is never stored raw unless the operator opted in (KALGUARD_AUDIT_INCLUDE_CONTENT); the
 * sha256 lets an investigator match a record against content they hold.
 */
export interface AuditEventInput {
  readonly type: AuditEventType;
  readonly requestId?: string;
  readonly agentId?: string;
  readonly decision?: 'allow' | 'sanitize' | 'block' | 'deny' | 'error';
  readonly reason?: string;
  readonly reasonCode?: string;
  readonly ruleId?: string;
  readonly policyHash?: string;
  readonly policyVersion?: string;
  readonly riskScore?: number;
  readonly riskLevel?: string;
  readonly findingIds?: readonly string[];
  readonly toolName?: string;
  readonly contentSha256?: string;
  readonly content?: unknown;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** What lands in the file: the input plus the sink's timestamp and gap-free sequence number. */
export interface AuditRecord extends AuditEventInput {
  readonly ts: string;
  readonly seq: number;
}

export interface AuditSinkHealth {
  readonly healthy: boolean;
  readonly mode: 'file' | 'memory';
  readonly lastError?: string;
}

/**
 * The audit sink. `append` resolves only once the record is written (and fsynced when configured);
 * it rejects with KalguardError ERR_AUDIT_UNAVAILABLE when it cannot be, and the caller must then
 * refuse to acknowledge the decision (fail closed).
 */
export interface AuditSink {
  append(event: AuditEventInput): Promise<AuditRecord>;
  health(): AuditSinkHealth;
  /** Closes and reopens the file (log rotation on SIGHUP). No-op for memory. */
  reopen(): Promise<void>;
  /** Waits for every pending write, then closes. Later appends reject. */
  close(): Promise<void>;
  /** Memory mode: the retained ring, oldest first. File mode: []. For tests and debugging. */
  recent(): readonly AuditRecord[];
}
