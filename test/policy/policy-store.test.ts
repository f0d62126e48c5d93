import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinPolicy, createPolicyStore, loadPolicyFile, type PolicyStore, type PolicyStoreEvent, type PolicyStoreOptions } from '../../src/policy';
import { useTempDir } from './support/temp-dir';
import { sleep, waitFor } from './support/wait-for';

/*
 * The store against a real filesystem with real timers. Waits poll for the expected state; the
 * "nothing happens" checks wait several poll intervals.
 */

const policyText = (version: string): string => JSON.stringify({ version, rules: [] });
const INVALID = '{"version":"bad","rules":[{"id":"x","match":{"colour":"red"},"decision":"allow"}]}';
const INVALID_OTHER = '{"version":"bad","rules":"nope"}';
/** Long enough for several polls at 50 ms. */
const QUIET_MS = 400;

const stores: PolicyStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

async function openStore(path: string | undefined, overrides: Partial<PolicyStoreOptions> = {}) {
  const events: PolicyStoreEvent[] = [];
  const initial = path === undefined ? builtinPolicy(true) : await loadPolicyFile(path, { defaultDeny: true });
  const store = createPolicyStore({
    path,
    defaultDeny: true,
    watch: true,
    intervalMs: 50,
    onEvent: (event) => events.push(event),
    initial,
    ...overrides,
  });
  stores.push(store);
  const ofType = <T extends PolicyStoreEvent['type']>(type: T) => events.filter((e) => e.type === type);
  return { store, events, initial, ofType };
}

const version = (store: PolicyStore): string => store.current().version;

describe('policy store: hot reload', () => {
  const tempDir = useTempDir();

  /*
   * Each save style runs twice: with a 50 ms poll (watch and poll together), and with a poll so slow
   * that only the directory watch can pick the change up in time.
   */
  const MODES = [
    { mode: 'watch + poll', intervalMs: 50 },
    { mode: 'directory watch alone', intervalMs: 60_000 },
  ];

  describe.each(MODES)('$mode', ({ intervalMs }) => {
    it('reloads on an in-place write', async () => {
      const path = join(tempDir(), 'policy.json');
      writeFileSync(path, policyText('1'));
      const { store, events, initial } = await openStore(path, { intervalMs });
      writeFileSync(path, policyText('2'));
      await waitFor(() => version(store) === '2', 'version 2');
      expect(events).toEqual([
        { type: 'policy.reloaded', previousHash: initial.hash, hash: store.current().hash, version: '2', trigger: 'watch' },
      ]);
      expect(store.health()).toMatchObject({ healthy: true, hash: store.current().hash });
    });

    it('reloads when an editor writes a temp file and renames it over the policy', async () => {
      const dir = tempDir();
      const path = join(dir, 'policy.json');
      writeFileSync(path, policyText('1'));
      const { store } = await openStore(path, { intervalMs });
      writeFileSync(join(dir, '.policy.json.swp'), policyText('2'));
      renameSync(join(dir, '.policy.json.swp'), path);
      await waitFor(() => version(store) === '2', 'version 2');
      // The watch survives the inode change: a second save is picked up too.
      writeFileSync(join(dir, 'policy.json~'), policyText('3'));
      renameSync(join(dir, 'policy.json~'), path);
      await waitFor(() => version(store) === '3', 'version 3');
    });

    it('reloads on a Kubernetes ConfigMap update (..data symlink swap)', async () => {
      const dir = tempDir();
      mkdirSync(join(dir, '..2024_01'));
      writeFileSync(join(dir, '..2024_01', 'policy.json'), policyText('1'));
      symlinkSync('..2024_01', join(dir, '..data'));
      symlinkSync(join('..data', 'policy.json'), join(dir, 'policy.json'));
      const path = join(dir, 'policy.json');
      const { store, ofType } = await openStore(path, { intervalMs });
      expect(version(store)).toBe('1');

      // What the kubelet does: new timestamped dir, new symlink, atomic rename over ..data.
      mkdirSync(join(dir, '..2024_02'));
      writeFileSync(join(dir, '..2024_02', 'policy.json'), policyText('2'));
      symlinkSync('..2024_02', join(dir, '..data_tmp'));
      renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
      rmSync(join(dir, '..2024_01'), { recursive: true });

      await waitFor(() => version(store) === '2', 'version 2');
      expect(ofType('policy.reload_failed')).toEqual([]);
    });
  });

  it('sees changes behind a symlink into another directory (by polling)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 'elsewhere', 'real.json'), policyText('1'));
    mkdirSync(join(dir, 'etc'));
    symlinkSync(join(dir, 'elsewhere', 'real.json'), join(dir, 'etc', 'policy.json'));
    const { store } = await openStore(join(dir, 'etc', 'policy.json'));
    writeFileSync(join(dir, 'elsewhere', 'real.json'), policyText('2'));
    await waitFor(() => version(store) === '2', 'version 2');
  });
});

describe('policy store: failures keep the last good policy', () => {
  const tempDir = useTempDir();

  it('keeps serving on an invalid file, reports it once, and recovers on a valid one', async () => {
    const path = join(tempDir(), 'policy.json');
    writeFileSync(path, policyText('1'));
    const { store, initial, ofType } = await openStore(path);

    writeFileSync(path, INVALID);
    await waitFor(() => ofType('policy.reload_failed').length > 0, 'a reload_failed event');
    await sleep(QUIET_MS);
    expect(store.current()).toBe(initial);
    const failed = ofType('policy.reload_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      hash: initial.hash,
      trigger: 'watch',
      error: { code: 'ERR_POLICY_INVALID', details: [{ path: 'rules[0].match.colour', message: expect.stringContaining('unknown key') }] },
    });
    expect(failed[0]).toHaveProperty('attemptedHash', expect.stringMatching(/^[0-9a-f]{64}$/));
    expect(store.health()).toMatchObject({ healthy: false, hash: initial.hash, lastError: expect.stringContaining('rules[0].match.colour: unknown key') });

    // Different bad content is news: reported once more.
    writeFileSync(path, INVALID_OTHER);
    await waitFor(() => ofType('policy.reload_failed').length === 2, 'a second reload_failed event');
    await sleep(QUIET_MS);
    expect(ofType('policy.reload_failed')).toHaveLength(2);

    writeFileSync(path, policyText('2'));
    await waitFor(() => version(store) === '2', 'recovery to version 2');
    expect(ofType('policy.reloaded')).toEqual([expect.objectContaining({ previousHash: initial.hash, version: '2' })]);
    expect(store.health()).toEqual({ healthy: true, hash: store.current().hash, loadedAt: expect.any(String) });
  });

  it('becomes healthy again, without a reload, when the file returns to the served content', async () => {
    const path = join(tempDir(), 'policy.json');
    writeFileSync(path, policyText('1'));
    const { store, initial, events } = await openStore(path);
    writeFileSync(path, INVALID);
    await waitFor(() => !store.health().healthy, 'unhealthy');
    writeFileSync(path, policyText('1'));
    await waitFor(() => store.health().healthy, 'healthy again');
    expect(store.current()).toBe(initial);
    expect(events.map((e) => e.type)).toEqual(['policy.reload_failed']);
  });

  it('reports a file that disappears as a read failure, once, and keeps serving', async () => {
    const path = join(tempDir(), 'policy.json');
    writeFileSync(path, policyText('1'));
    const { store, initial, ofType } = await openStore(path);
    unlinkSync(path);
    await waitFor(() => ofType('policy.reload_failed').length > 0, 'a reload_failed event');
    await sleep(QUIET_MS);
    expect(ofType('policy.reload_failed')).toEqual([
      expect.objectContaining({ hash: initial.hash, error: expect.objectContaining({ code: 'ERR_POLICY_READ' }) }),
    ]);
    expect(ofType('policy.reload_failed')[0]).not.toHaveProperty('attemptedHash');
    expect(store.current()).toBe(initial);
    writeFileSync(path, policyText('2'));
    await waitFor(() => version(store) === '2', 'version 2');
  });

  it('does not report a file caught half-written on a watch: it waits until two reads agree', async () => {
    const path = join(tempDir(), 'policy.json');
    writeFileSync(path, policyText('1'));
    // watch: false so that this test alone decides when a 'watch' check happens.
    const { store, ofType } = await openStore(path, { watch: false });
    const text = policyText('2');
    const fd = openSync(path, 'w');
    writeSync(fd, text.slice(0, 10));
    const outcome = store.reload('watch');
    await sleep(20); // under the 50 ms settle time
    writeSync(fd, text.slice(10));
    closeSync(fd);
    expect(await outcome).toMatchObject({ changed: true, version: '2' });
    expect(ofType('policy.reload_failed')).toEqual([]);
  });

  it('does not wait on a signal: the operator says the file is ready', async () => {
    const path = join(tempDir(), 'policy.json');
    writeFileSync(path, policyText('1'));
    const { store, ofType } = await openStore(path, { watch: false });
    const fd = openSync(path, 'w');
    writeSync(fd, policyText('2').slice(0, 10));
    const outcome = store.reload('signal');
    await sleep(20);
    closeSync(fd);
    expect(await outcome).toMatchObject({ changed: false, status: 'failed' });
    expect(ofType('policy.reload_failed')).toHaveLength(1);
  });

  it('keeps reloading when the event listener throws', async () => {
    const path = join(tempDir(), 'policy.json');
    writeFileSync(path, policyText('1'));
    const { store } = await openStore(path, {
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    writeFileSync(path, policyText('2'));
    await waitFor(() => version(store) === '2', 'version 2');
    writeFileSync(path, policyText('3'));
    await waitFor(() => version(store) === '3', 'version 3');
  });
});

describe('policy store: reload() (SIGHUP)', () => {
  const tempDir = useTempDir();

  it('with watch: false, reloads only on reload()', async () => {
    const path = join(tempDir(), 'policy.json');
    writeFileSync(path, policyText('1'));
    const { store, events, initial } = await openStore(path, { watch: false });
    writeFileSync(path, policyText('2'));
    await sleep(QUIET_MS);
    expect(store.current()).toBe(initial);
    expect(events).toEqual([]);

    const outcome = await store.reload('signal');
    expect(outcome).toEqual({ changed: true, status: 'reloaded', previousHash: initial.hash, hash: store.current().hash, version: '2' });
    expect(events).toEqual([expect.objectContaining({ type: 'policy.reloaded', trigger: 'signal', version: '2' })]);
  });

  it('reports an unchanged file as unchanged, without an event', async () => {
    const path = join(tempDir(), 'policy.json');
    writeFileSync(path, policyText('1'));
    const { store, events, initial } = await openStore(path, { watch: false });
    for (let i = 0; i < 3; i++) expect(await store.reload('signal')).toEqual({ changed: false, status: 'unchanged', hash: initial.hash });
    expect(events).toEqual([]);
    expect(store.current()).toBe(initial);
  });

  it('retries content that already failed on a signal, but not on a watch', async () => {
    const path = join(tempDir(), 'policy.json');
    writeFileSync(path, policyText('1'));
    const { store, initial, ofType } = await openStore(path, { watch: false });
    writeFileSync(path, INVALID);
    expect(await store.reload('signal')).toMatchObject({ changed: false, status: 'failed', hash: initial.hash, error: { code: 'ERR_POLICY_INVALID' } });
    expect(await store.reload('watch')).toMatchObject({ changed: false, status: 'failed' });
    expect(ofType('policy.reload_failed')).toHaveLength(1);
    await store.reload('signal');
    expect(ofType('policy.reload_failed').map((e) => e.trigger)).toEqual(['signal', 'signal']);
    expect(store.current()).toBe(initial);
  });

  it('serializes concurrent reloads: one read at a time, calls during a reload share one more', async () => {
    const path = join(tempDir(), 'policy.json');
    writeFileSync(path, policyText('1'));
    let active = 0;
    let maxActive = 0;
    let reads = 0;
    const { store, events } = await openStore(path, {
      watch: false,
      readBytes: async (p) => {
        reads += 1;
        active += 1;
        maxActive = Math.max(maxActive, active);
        const bytes = readFileSync(p);
        await sleep(30);
        active -= 1;
        return bytes;
      },
    });
    writeFileSync(path, policyText('2'));
    const first = store.reload('manual');
    // A change and a burst of signals while the first reload is still reading.
    writeFileSync(path, policyText('3'));
    const rest = [store.reload('watch'), store.reload('signal'), store.reload('watch'), store.reload('manual')];
    const outcomes = await Promise.all([first, ...rest]);

    expect(maxActive).toBe(1);
    expect(reads).toBe(2);
    expect(outcomes[0]).toMatchObject({ changed: true, version: '2' });
    for (const outcome of outcomes.slice(1)) expect(outcome).toMatchObject({ changed: true, version: '3' });
    // The queued run carries the strongest trigger of the calls it stands for.
    expect(events.map((e) => [e.type, e.trigger])).toEqual([
      ['policy.reloaded', 'manual'],
      ['policy.reloaded', 'signal'],
    ]);
    expect(version(store)).toBe('3');
  });

  it('is a no-op for the built-in policy', async () => {
    const { store, events, initial } = await openStore(undefined);
    expect(await store.reload('signal')).toEqual({ changed: false, status: 'skipped', hash: 'builtin:deny-all' });
    expect(store.current()).toBe(initial);
    expect(events).toEqual([]);
    expect(store.health()).toMatchObject({ healthy: true, hash: 'builtin:deny-all' });
  });
});

describe('policy store: close()', () => {
  const tempDir = useTempDir();

  it('stops watching and polling; reload() after close changes nothing', async () => {
    const path = join(tempDir(), 'policy.json');
    writeFileSync(path, policyText('1'));
    const { store, events, initial } = await openStore(path);
    store.close();
    writeFileSync(path, policyText('2'));
    await sleep(QUIET_MS);
    expect(store.current()).toBe(initial);
    expect(await store.reload('signal')).toMatchObject({ changed: false, status: 'skipped' });
    expect(store.current()).toBe(initial);
    expect(events).toEqual([]);
  });

  it('discards a reload that was in flight when close() was called', async () => {
    const path = join(tempDir(), 'policy.json');
    writeFileSync(path, policyText('1'));
    const { store, events, initial } = await openStore(path, {
      watch: false,
      readBytes: async (p) => {
        const bytes = readFileSync(p);
        await sleep(30);
        return bytes;
      },
    });
    writeFileSync(path, policyText('2'));
    const pending = store.reload('signal');
    store.close();
    expect(await pending).toMatchObject({ changed: false, status: 'skipped' });
    expect(store.current()).toBe(initial);
    expect(events).toEqual([]);
  });
});
