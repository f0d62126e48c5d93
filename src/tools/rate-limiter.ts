import { KalguardError } from '../errors';
import type { RateLimiter, RateLimitResult } from './types';

/**
 * Default number of keys tracked. Each bucket is a few dozen bytes, so 100,000 keys is a few MB,
 * and far more agents × tools than one sidecar (one per workload) serves.
 */
export const DEFAULT_RATE_LIMITER_MAX_KEYS = 100_000;

const WINDOW_MS = 60_000;

/**
 * Slack for float drift: refill is `elapsed * limit / 60000`, and after `retryAfterMs` the exact
 * value is >= 1 but the float may land a hair below. A billionth of a token admits nobody early.
 */
const WHOLE_TOKEN = 1 - 1e-9;

export interface RateLimiterOptions {
  /** Injected clock, ms since the epoch (or any monotonic ms counter). */
  readonly now: () => number;
  readonly maxKeys?: number;
}

interface Bucket {
  /** Fractional tokens: the refill is continuous, not a per-minute reset. */
  tokens: number;
  updatedAt: number;
  /** The limit the tokens were counted under; see `refill`. */
  limit: number;
}

/** A limit that admits nothing (0, negative, NaN): "no calls", with a nominal one-window retry. */
const NEVER: RateLimitResult = Object.freeze({ admitted: false, retryAfterMs: WINDOW_MS });
const ADMITTED: RateLimitResult = Object.freeze({ admitted: true, retryAfterMs: 0 });

/**
 * The bucket's tokens at `now`. Time already elapsed refills at the rate the bucket was counted
 * under; a different limit (a policy reload changed it) then applies from now on, capped to the new
 * capacity, so a reload can lower a limit at once but never hands out a fresh full bucket.
 * A clock that goes backwards refills nothing.
 */
function refill(bucket: Bucket, now: number, limit: number): number {
  const elapsed = Math.max(0, now - bucket.updatedAt);
  const refilled = Math.min(bucket.limit, bucket.tokens + (elapsed * bucket.limit) / WINDOW_MS);
  return Math.min(limit, refilled);
}

function deny(tokens: number, limit: number): RateLimitResult {
  // Time until the bucket holds one whole token again, in whole ms (at least 1, so "0" never means
  // "now"). The exact value is a multiple of 1/limit ms; the nano-ms slack only absorbs float
  // noise (999 ms of a 60/min bucket must say 1 ms, not 1.0000000000000009 → 2).
  const exactMs = ((1 - tokens) * WINDOW_MS) / limit;
  return { admitted: false, retryAfterMs: Math.max(1, Math.ceil(exactMs - 1e-9)) };
}

/**
 * Token buckets per key (capacity = limitPerMinute, refilled continuously at limitPerMinute per
 * minute), O(1) per call, memory bounded by `maxKeys`.
 *
 * The Map doubles as an LRU (insertion order; a touched key is deleted and re-set), so when it is
 * full the least recently used key is forgotten. Trade-off: a forgotten key comes back with a full
 * bucket, i.e. eviction can only ever be generous, never deny wrongly. That is acceptable because
 * the keys are agent ids from signed tokens and tool names from the policy: the key space is the
 * operator's, and an attacker without a token cannot churn it to flush someone's bucket.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { now } = options;
  const maxKeys = options.maxKeys ?? DEFAULT_RATE_LIMITER_MAX_KEYS;
  if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) {
    throw new KalguardError('ERR_CONFIG_INVALID', 'Cannot create the rate limiter: maxKeys must be a positive integer');
  }
  const buckets = new Map<string, Bucket>();
  /*
   * A long-lived cursor over the keys, in insertion order, for eviction. A fresh `keys().next()`
   * per eviction is not O(1) in V8: it walks over the holes that deleted entries leave at the front
   * of the table until the next rehash (measured: 8x slower at 10,000 keys). Every live key is
   * always ahead of this cursor (a touched key is re-appended at the end, an evicted one was behind
   * it), and a Map iterator sees entries added after its creation, so `next()` is always the least
   * recently used key, and each hole is skipped once overall.
   */
  let evictionCursor = buckets.keys();

  function evictOldest(): void {
    let oldest = evictionCursor.next();
    if (oldest.done === true) {
      // Unreachable while the invariant holds (size > maxKeys >= 1 means a key is ahead); a spent
      // iterator stays spent, so start over rather than stop evicting.
      evictionCursor = buckets.keys();
      oldest = evictionCursor.next();
    }
    if (oldest.done !== true) buckets.delete(oldest.value);
  }

  function remember(key: string, bucket: Bucket): void {
    buckets.delete(key);
    buckets.set(key, bucket);
    if (buckets.size > maxKeys) evictOldest();
  }

  return {
    take(key, limitPerMinute) {
      if (!(limitPerMinute > 0)) return NEVER;
      const at = now();
      const existing = buckets.get(key);
      const tokens = existing === undefined ? limitPerMinute : refill(existing, at, limitPerMinute);
      const admitted = tokens >= WHOLE_TOKEN;
      // Never move updatedAt backwards: a clock step back must not be turned into refill later.
      const updatedAt = existing === undefined ? at : Math.max(existing.updatedAt, at);
      remember(key, { tokens: admitted ? Math.max(0, tokens - 1) : tokens, updatedAt, limit: limitPerMinute });
      return admitted ? ADMITTED : deny(tokens, limitPerMinute);
    },

    peek(key, limitPerMinute) {
      if (!(limitPerMinute > 0)) return NEVER;
      // Read-only: an unknown key has a full bucket, and is not stored (peeks cost no memory).
      const existing = buckets.get(key);
      const tokens = existing === undefined ? limitPerMinute : refill(existing, now(), limitPerMinute);
      return tokens >= WHOLE_TOKEN ? ADMITTED : deny(tokens, limitPerMinute);
    },

    size() {
      return buckets.size;
    },
  };
}
