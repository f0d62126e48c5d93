import { describe, expect, it } from 'vitest';
import { isKalguardError } from '../../src/errors';
import { createRateLimiter } from '../../src/tools';
import { fakeClock } from './fixtures';

function setup(maxKeys = 1000) {
  const clock = fakeClock();
  return { clock, limiter: createRateLimiter({ now: clock.now, maxKeys }) };
}

describe('rate limiter: token bucket', () => {
  it.each([
    { limit: 1, retryAfterMs: 60_000 },
    { limit: 3, retryAfterMs: 20_000 },
    { limit: 7, retryAfterMs: 8572 },
    { limit: 60, retryAfterMs: 1000 },
    { limit: 1000, retryAfterMs: 60 },
  ])('admits $limit calls, then refuses with retryAfterMs $retryAfterMs', ({ limit, retryAfterMs }) => {
    const { limiter } = setup();
    for (let i = 0; i < limit; i++) expect(limiter.take('k', limit)).toEqual({ admitted: true, retryAfterMs: 0 });
    expect(limiter.take('k', limit)).toEqual({ admitted: false, retryAfterMs });
  });

  it.each([1, 3, 7, 13, 60, 97])('admits exactly one more call after waiting retryAfterMs (limit %i)', (limit) => {
    const { clock, limiter } = setup();
    for (let round = 0; round < 50; round++) {
      while (limiter.take('k', limit).admitted) {
        // drain
      }
      const { retryAfterMs } = limiter.peek('k', limit);
      clock.advance(retryAfterMs - 1);
      expect(limiter.peek('k', limit).admitted).toBe(false);
      clock.advance(1);
      expect(limiter.take('k', limit).admitted).toBe(true);
    }
  });

  it('refills continuously, not per window', () => {
    const { clock, limiter } = setup();
    for (let i = 0; i < 60; i++) limiter.take('k', 60);
    expect(limiter.take('k', 60).admitted).toBe(false);
    clock.advance(999);
    expect(limiter.take('k', 60)).toEqual({ admitted: false, retryAfterMs: 1 });
    clock.advance(1);
    expect(limiter.take('k', 60).admitted).toBe(true);
    expect(limiter.take('k', 60).admitted).toBe(false);
  });

  it('never holds more than one minute of tokens', () => {
    const { clock, limiter } = setup();
    limiter.take('k', 5);
    clock.advance(3_600_000);
    let admitted = 0;
    while (limiter.take('k', 5).admitted) admitted++;
    expect(admitted).toBe(5);
  });

  it('does not refill when the clock goes backwards, nor later because of it', () => {
    const { clock, limiter } = setup();
    limiter.take('k', 1);
    clock.advance(-30_000);
    expect(limiter.take('k', 1).admitted).toBe(false);
    clock.advance(30_000);
    expect(limiter.take('k', 1).admitted).toBe(false);
    clock.advance(60_000);
    expect(limiter.take('k', 1).admitted).toBe(true);
  });

  it('keeps keys independent', () => {
    const { limiter } = setup();
    expect(limiter.take('a', 1).admitted).toBe(true);
    expect(limiter.take('a', 1).admitted).toBe(false);
    expect(limiter.take('b', 1).admitted).toBe(true);
  });

  it.each([0, -1, Number.NaN])('admits nothing under a limit of %d', (limit) => {
    const { limiter } = setup();
    expect(limiter.take('k', limit)).toEqual({ admitted: false, retryAfterMs: 60_000 });
    expect(limiter.peek('k', limit).admitted).toBe(false);
    expect(limiter.size()).toBe(0);
  });
});

describe('rate limiter: peek', () => {
  it('does not consume', () => {
    const { limiter } = setup();
    for (let i = 0; i < 10; i++) expect(limiter.peek('k', 1).admitted).toBe(true);
    expect(limiter.take('k', 1).admitted).toBe(true);
    expect(limiter.peek('k', 1)).toEqual({ admitted: false, retryAfterMs: 60_000 });
  });

  it('does not store unknown keys', () => {
    const { limiter } = setup();
    for (let i = 0; i < 100; i++) limiter.peek(`k${i}`, 5);
    expect(limiter.size()).toBe(0);
  });
});

describe('rate limiter: a limit that changes for a key (policy reload)', () => {
  it('lowering the limit applies at once: no fresh full bucket', () => {
    const { limiter } = setup();
    for (let i = 0; i < 8; i++) limiter.take('k', 10); // 2 tokens left under 10/min
    expect(limiter.take('k', 1).admitted).toBe(true); // capped to 1, take it
    expect(limiter.take('k', 1).admitted).toBe(false);
  });

  it('raising the limit does not mint tokens for time already passed', () => {
    const { clock, limiter } = setup();
    limiter.take('k', 1); // empty under 1/min
    clock.advance(30_000); // half a token under 1/min
    expect(limiter.take('k', 60).admitted).toBe(false); // 0.5 tokens, whatever the new limit
    clock.advance(500); // the new rate (1/s) applies from now: 0.5 + 0.5
    expect(limiter.take('k', 60).admitted).toBe(true);
  });
});

describe('rate limiter: bounded memory', () => {
  it('tracks at most maxKeys keys for 1,000,000 distinct agents', () => {
    const { limiter } = setup(10_000);
    for (let i = 0; i < 1_000_000; i++) limiter.take(`agent:${i}`, 10);
    expect(limiter.size()).toBeLessThanOrEqual(10_000);
  });

  it('forgets the least recently used key first', () => {
    const { limiter } = setup(2);
    limiter.take('a', 1);
    limiter.take('b', 1);
    limiter.take('a', 1); // touch a: b is now the oldest
    limiter.take('c', 1); // evicts b
    expect(limiter.size()).toBe(2);
    expect(limiter.peek('a', 1).admitted).toBe(false); // remembered, still empty
    // The documented trade-off: an evicted key starts over with a full bucket.
    expect(limiter.peek('b', 1).admitted).toBe(true);
  });

  it('has a large default', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ now: clock.now });
    for (let i = 0; i < 50_000; i++) limiter.take(`k${i}`, 1);
    expect(limiter.size()).toBe(50_000);
  });

  it.each([0, -5, 1.5, Number.NaN])('refuses maxKeys %d', (maxKeys) => {
    let thrown: unknown;
    try {
      createRateLimiter({ now: () => 0, maxKeys });
    } catch (error) {
      thrown = error;
    }
    expect(isKalguardError(thrown) && thrown.code).toBe('ERR_CONFIG_INVALID');
  });
});

describe('rate limiter: LRU order under churn', () => {
  it('evicts exactly what a naive LRU would', () => {
    // Reference: delete+set on touch, evict keys().next() (correct, but O(holes) in V8).
    const { limiter } = setup(50);
    const reference = new Map<string, true>();
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 20_000; i++) {
      const key = `k${Math.floor(random() * 120)}`;
      limiter.take(key, 1); // the clock stands still: a tracked key stays empty
      reference.delete(key);
      reference.set(key, true);
      if (reference.size > 50) reference.delete(reference.keys().next().value as string);
    }
    expect(limiter.size()).toBe(reference.size);
    // A tracked key is empty; a forgotten one would come back with a full bucket.
    for (let k = 0; k < 120; k++) {
      expect(limiter.peek(`k${k}`, 1).admitted).toBe(!reference.has(`k${k}`));
    }
  });
});
