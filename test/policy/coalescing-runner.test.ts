import { describe, expect, it } from 'vitest';
import { createCoalescingRunner } from '../../src/policy/coalescing-runner';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createCoalescingRunner', () => {
  it('runs one at a time and coalesces every call made during a run into one more run', async () => {
    const gates = [deferred(), deferred()];
    const started: string[] = [];
    let active = 0;
    let maxActive = 0;
    const run = createCoalescingRunner(
      async (arg: string) => {
        const index = started.push(arg) - 1;
        active += 1;
        maxActive = Math.max(maxActive, active);
        await gates[index]?.promise;
        active -= 1;
        return `${arg}#${index}`;
      },
      (queued, next) => `${queued}+${next}`,
    );

    const first = run('a');
    const second = run('b');
    const third = run('c');
    expect(started).toEqual(['a']);
    gates[0]?.resolve();
    expect(await first).toBe('a#0');
    await Promise.resolve();
    gates[1]?.resolve();
    expect(await second).toBe('b+c#1');
    expect(await third).toBe('b+c#1');
    expect(started).toEqual(['a', 'b+c']);
    expect(maxActive).toBe(1);
    // Idle again: the next call starts at once.
    expect(await run('d')).toBe('d#2');
  });

  it('starts the queued run even when the running one rejects', async () => {
    const seen: string[] = [];
    const run = createCoalescingRunner(
      async (arg: string) => {
        seen.push(arg);
        await new Promise((r) => setTimeout(r, 5));
        if (arg === 'bad') throw new Error('boom');
        return arg;
      },
      (_queued, next) => next,
    );
    const bad = run('bad');
    const good = run('good');
    await expect(bad).rejects.toThrow('boom');
    expect(await good).toBe('good');
    expect(seen).toEqual(['bad', 'good']);
  });
});
