/**
 * Runs an async task one at a time. A call while a run is in progress does not start a second run
 * (two reloads compiling side by side could finish out of order and serve the older file); it
 * queues exactly one more run, which every further call joins. The queued run sees the latest
 * state of the world, so one is enough however many calls arrived (a burst of file events, a
 * SIGHUP during a reload). `merge` picks the argument the queued run gets.
 */
export function createCoalescingRunner<A, R>(run: (arg: A) => Promise<R>, merge: (queued: A, next: A) => A): (arg: A) => Promise<R> {
  let running: Promise<R> | undefined;
  let queued: { arg: A; readonly promise: Promise<R> } | undefined;

  function start(arg: A): Promise<R> {
    const promise = run(arg).finally(() => {
      if (running === promise) running = undefined;
    });
    running = promise;
    return promise;
  }

  return (arg) => {
    if (queued !== undefined) {
      queued.arg = merge(queued.arg, arg);
      return queued.promise;
    }
    if (running === undefined) return start(arg);
    const next: { arg: A; promise: Promise<R> } = { arg, promise: undefined as unknown as Promise<R> };
    // Settled or not, the running task is over when this continues; then the queued one starts.
    const after = (): Promise<R> => {
      queued = undefined;
      return start(next.arg);
    };
    next.promise = running.then(after, after);
    queued = next;
    return next.promise;
  };
}
