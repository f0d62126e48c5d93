import { isKalguardError } from '../errors';
import { createCoalescingRunner } from './coalescing-runner';
import { buildPolicy, hashPolicyBytes, readPolicyBytes } from './load-policy';
import type {
  CompiledPolicy,
  PolicyReloadOutcome,
  PolicyReloadTrigger,
  PolicyStore,
  PolicyStoreError,
  PolicyStoreEvent,
  PolicyStoreHealth,
} from './types';
import { watchPolicyFile, type PolicyFileWatcher } from './watch-policy-file';

export interface PolicyStoreOptions {
  /** The policy file; undefined when the built-in policy is served (reload is then a no-op). */
  readonly path: string | undefined;
  readonly defaultDeny: boolean;
  /** Reload on file changes; false: only reload() (SIGHUP) reloads. */
  readonly watch: boolean;
  /** Poll interval, and upper bound of the debounce of file events. */
  readonly intervalMs: number;
  /** Told of every reload and every new failure; must not throw (if it does, it is ignored). */
  readonly onEvent: (event: PolicyStoreEvent) => void;
  /** The policy loaded at startup. */
  readonly initial: CompiledPolicy;
  readonly now?: () => number;
  /** Injected for tests; defaults to reading the file with the size limit. */
  readonly readBytes?: (path: string) => Promise<Uint8Array>;
}

type FileRead =
  | { readonly ok: true; readonly bytes: Uint8Array; /** sha256 hex */ readonly key: string }
  | { readonly ok: false; readonly error: PolicyStoreError; readonly key: string };

/** Longest wait for quiet after a file event, and between the reads that must agree. */
const MAX_SETTLE_MS = 100;
/** A file rewritten continuously is acted on anyway after this many rounds (its next change retries). */
const MAX_SETTLE_ROUNDS = 5;

/** Retrying wins over not retrying when calls coalesce: an operator's SIGHUP must not be lost. */
const TRIGGER_STRENGTH: Readonly<Record<PolicyReloadTrigger, number>> = { watch: 0, manual: 1, signal: 2 };

/**
 * Holds the served policy and reloads it. A reload reads the file, and only when its sha256
 * differs from the served policy builds and validates a WHOLE new policy, then swaps one
 * reference: a request sees the old policy or the new one, never a mix. A file that fails keeps
 * the last good policy serving and is reported once per distinct content, not at every poll.
 */
export function createPolicyStore(options: PolicyStoreOptions): PolicyStore {
  const { path } = options;
  const now = options.now ?? Date.now;
  const settleMs = Math.min(options.intervalMs, MAX_SETTLE_MS);
  const readBytes = options.readBytes ?? ((p: string) => readPolicyBytes(p));
  let served = options.initial;
  let loadedAt = now();
  /** The content (hash) or read error that last failed; cleared when the file is good again. */
  let failure: { readonly key: string; readonly error: PolicyStoreError } | undefined;
  let closed = false;

  const emit = (event: PolicyStoreEvent): void => {
    try {
      options.onEvent(event);
    } catch {
      // A broken listener must not stop reloads nor leave a reload half reported.
    }
  };

  const skipped = (): PolicyReloadOutcome => ({ changed: false, status: 'skipped', hash: served.hash });

  const fail = (trigger: PolicyReloadTrigger, key: string, error: PolicyStoreError, attemptedHash?: string): PolicyReloadOutcome => {
    const known = failure?.key === key;
    failure = { key, error };
    // A poll finding the same bad file again is not news; an operator's explicit retry is.
    if (!known || trigger !== 'watch') {
      emit({ type: 'policy.reload_failed', hash: served.hash, ...(attemptedHash === undefined ? {} : { attemptedHash }), error, trigger });
    }
    return { changed: false, status: 'failed', hash: served.hash, error };
  };

  const read = async (file: string): Promise<FileRead> => {
    try {
      const bytes = await readBytes(file);
      return { ok: true, bytes, key: hashPolicyBytes(bytes) };
    } catch (error) {
      const storeError = toStoreError(error);
      return { ok: false, error: storeError, key: `read:${storeError.message}` };
    }
  };

  /** Content that is neither the served policy nor the failure already reported. */
  const isNews = (file: FileRead): boolean => file.key !== served.hash && file.key !== failure?.key;

  /*
   * A file event or poll can land while a writer is mid-write (`cat > policy.json` truncates, then
   * writes) or mid-save (an editor deletes, then creates). Reporting that half-written file as a
   * failed reload would be noise, so on a watch, new content is only acted on once two reads
   * `settleMs` apart agree. An operator's signal means "the file is ready": no wait then.
   */
  const readSettled = async (file: string, trigger: PolicyReloadTrigger): Promise<FileRead> => {
    let current = await read(file);
    for (let round = 0; trigger === 'watch' && isNews(current) && round < MAX_SETTLE_ROUNDS && !closed; round++) {
      await delay(settleMs);
      const again = await read(file);
      if (again.key === current.key) break;
      current = again;
    }
    return current;
  };

  async function check(trigger: PolicyReloadTrigger): Promise<PolicyReloadOutcome> {
    if (closed || path === undefined) return skipped();
    const file = await readSettled(path, trigger);
    if (closed) return skipped();
    if (!file.ok) return fail(trigger, file.key, file.error);
    const { bytes, key: hash } = file;
    if (hash === served.hash) {
      failure = undefined;
      return { changed: false, status: 'unchanged', hash };
    }
    if (failure?.key === hash && trigger === 'watch') {
      return { changed: false, status: 'failed', hash: served.hash, error: failure.error };
    }
    let next: CompiledPolicy;
    try {
      next = buildPolicy(bytes, path, { defaultDeny: options.defaultDeny });
    } catch (error) {
      return fail(trigger, hash, toStoreError(error), hash);
    }
    const previousHash = served.hash;
    served = next;
    loadedAt = now();
    failure = undefined;
    emit({ type: 'policy.reloaded', previousHash, hash: next.hash, version: next.version, trigger });
    return { changed: true, status: 'reloaded', previousHash, hash: next.hash, version: next.version };
  }

  const reload = createCoalescingRunner(check, (queued: PolicyReloadTrigger, next: PolicyReloadTrigger) =>
    TRIGGER_STRENGTH[next] > TRIGGER_STRENGTH[queued] ? next : queued,
  );

  const watcher: PolicyFileWatcher | undefined =
    options.watch && path !== undefined
      ? watchPolicyFile({ path, intervalMs: options.intervalMs, debounceMs: settleMs, onChange: () => void reload('watch') })
      : undefined;

  return {
    current: () => served,
    reload: (trigger) => (closed ? Promise.resolve(skipped()) : reload(trigger)),
    health(): PolicyStoreHealth {
      return {
        healthy: failure === undefined,
        ...(failure === undefined ? {} : { lastError: failure.error.message }),
        hash: served.hash,
        loadedAt: new Date(loadedAt).toISOString(),
      };
    },
    close() {
      closed = true;
      watcher?.close();
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function toStoreError(error: unknown): PolicyStoreError {
  if (isKalguardError(error)) return { code: error.code, message: error.message, details: error.details };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'ERR_INTERNAL', message: `Cannot reload policy: ${message}`, details: [] };
}
