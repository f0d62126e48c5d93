import { KalguardError } from '../errors';
import { auditUnavailable, describeError } from './audit-error';
import { serializeRecord, stampRecord } from './build-event';
import type { AuditEventInput, AuditRecord, AuditSink, AuditSinkHealth } from './types';

export interface MemoryAuditSinkOptions {
  readonly capacity: number;
  readonly now: () => Date;
}

/**
 * The audit without a file: the last `capacity` records in a fixed ring, so memory stays bounded
 * however long the sidecar runs (dropping the oldest is the documented price of not configuring a
 * file). Events are serialised anyway, so one that could not be written fails here exactly as it
 * would in file mode.
 */
export function createMemoryAuditSink(options: MemoryAuditSinkOptions): AuditSink {
  const { capacity, now } = options;
  if (!Number.isSafeInteger(capacity) || capacity < 1) {
    throw new KalguardError('ERR_CONFIG_INVALID', `Cannot create the memory audit sink: capacity must be a positive integer, got ${String(capacity)}`);
  }
  const ring: (AuditRecord | undefined)[] = new Array<AuditRecord | undefined>(capacity).fill(undefined);
  let head = 0; // where the next record goes; once full, also the oldest
  let size = 0;
  let nextSeq = 1;
  let closed = false;

  function append(event: AuditEventInput): Promise<AuditRecord> {
    if (closed) return Promise.reject(auditUnavailable('audit sink closed'));
    let record: AuditRecord;
    try {
      record = stampRecord(event, nextSeq, now().toISOString());
      serializeRecord(record);
    } catch (error) {
      return Promise.reject(auditUnavailable(`the record cannot be built: ${describeError(error)}`, error));
    }
    nextSeq += 1;
    ring[head] = record;
    head = (head + 1) % capacity;
    size = Math.min(size + 1, capacity);
    return Promise.resolve(record);
  }

  function recent(): readonly AuditRecord[] {
    const start = size < capacity ? 0 : head;
    const out: AuditRecord[] = [];
    for (let i = 0; i < size; i += 1) {
      const record = ring[(start + i) % capacity];
      if (record !== undefined) out.push(record);
    }
    return out;
  }

  return Object.freeze({
    append,
    recent,
    health: (): AuditSinkHealth =>
      closed ? { healthy: false, mode: 'memory', lastError: 'audit sink closed' } : { healthy: true, mode: 'memory' },
    reopen: () => Promise.resolve(),
    close: () => {
      closed = true;
      return Promise.resolve();
    },
  });
}
