import { describe, expect, it } from 'vitest';
import { isKalguardError } from '../../src/errors';
import { resolveListenTarget } from '../../src/server';

const BIND = { host: '127.0.0.1', port: 9292 };

describe('resolveListenTarget (sd_listen_fds semantics)', () => {
  it.each([
    ['no LISTEN_* variables', {}],
    ['LISTEN_PID names another process (inherited from an activated parent)', { LISTEN_FDS: '1', LISTEN_PID: '4242' }],
    ['LISTEN_PID is not a number', { LISTEN_FDS: '1', LISTEN_PID: 'self' }],
    ['LISTEN_FDS without LISTEN_PID', { LISTEN_FDS: '1' }],
    ['zero descriptors', { LISTEN_FDS: '0', LISTEN_PID: '100' }],
  ])('binds its own port when %s', (_why, env) => {
    expect(resolveListenTarget(env, 100, BIND)).toEqual({ kind: 'bind', ...BIND });
  });

  it('takes fd 3 when LISTEN_FDS=1 and LISTEN_PID is this process, with its name', () => {
    expect(resolveListenTarget({ LISTEN_FDS: '1', LISTEN_PID: '100', LISTEN_FDNAMES: 'http' }, 100, BIND)).toEqual({ kind: 'socket-activation', fd: 3, name: 'http' });
    expect(resolveListenTarget({ LISTEN_FDS: '1', LISTEN_PID: '100' }, 100, BIND)).toEqual({ kind: 'socket-activation', fd: 3, name: undefined });
  });

  it.each([
    [{ LISTEN_FDS: '2', LISTEN_PID: '100' }, /2 sockets were passed \(LISTEN_FDS=2\), expected exactly 1/],
    [{ LISTEN_FDS: 'lots', LISTEN_PID: '100' }, /LISTEN_FDS must be a number, got "lots"/],
    [{ LISTEN_FDS: '-1', LISTEN_PID: '100' }, /LISTEN_FDS must be a number/],
  ])('refuses %o rather than guess', (env, message) => {
    let thrown: unknown;
    try {
      resolveListenTarget(env, 100, BIND);
    } catch (error) {
      thrown = error;
    }
    expect(isKalguardError(thrown) && thrown.code).toBe('ERR_LISTEN_FAILED');
    expect((thrown as Error).message).toMatch(/^Cannot use socket activation: /);
    expect((thrown as Error).message).toMatch(message);
  });
});
