export type { AuditEventInput, AuditEventType, AuditRecord, AuditSink, AuditSinkHealth } from './types';
export { sha256Hex, contentFields, serializeRecord, stampRecord, type ContentFields } from './build-event';
export { createFileAuditSink, type FileAuditSink, type FileAuditSinkOptions } from './file-sink';
export { createMemoryAuditSink, type MemoryAuditSinkOptions } from './memory-sink';
export { nodeAuditFs, type AuditFs } from './audit-fs';
export type { AuditRecovery, AuditRecoveryStatus } from './tail-recovery';
export { ensureAuditDirectory, AuditDirectoryError } from './ensure-audit-directory';
