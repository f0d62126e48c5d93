import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { KalguardError } from '../errors';

/** Where the server takes connections from: a port it binds itself, or a socket handed over by systemd. */
export type ListenTarget =
  | { readonly kind: 'bind'; readonly host: string; readonly port: number }
  | { readonly kind: 'socket-activation'; readonly fd: number; readonly name: string | undefined };

/** The LISTEN_* variables of the socket-activation protocol (sd_listen_fds(3)), as the environment gave them. */
export interface ListenEnv {
  readonly LISTEN_FDS?: string | undefined;
  readonly LISTEN_PID?: string | undefined;
  readonly LISTEN_FDNAMES?: string | undefined;
}

/** sd_listen_fds(3): passed descriptors start right after stdin, stdout and stderr. */
const SD_LISTEN_FDS_START = 3;

/**
 * Decides between binding a port and using a socket passed by systemd (or systemd-socket-activate).
 * As sd_listen_fds(3): the descriptors are ours only when LISTEN_PID names this process — a parent
 * that was activated and did not clean up must not make us adopt its descriptors. More than one
 * descriptor is refused rather than guessed at: which one the operator meant is not knowable.
 */
export function resolveListenTarget(env: ListenEnv, pid: number, bind: { host: string; port: number }): ListenTarget {
  if (env.LISTEN_FDS === undefined || env.LISTEN_PID === undefined) return { kind: 'bind', ...bind };
  if (!/^\d{1,10}$/.test(env.LISTEN_PID) || Number(env.LISTEN_PID) !== pid) return { kind: 'bind', ...bind };
  if (!/^\d{1,4}$/.test(env.LISTEN_FDS)) {
    throw new KalguardError('ERR_LISTEN_FAILED', `Cannot use socket activation: LISTEN_FDS must be a number, got "${env.LISTEN_FDS.slice(0, 40)}"`);
  }
  const count = Number(env.LISTEN_FDS);
  if (count === 0) return { kind: 'bind', ...bind };
  if (count !== 1) {
    throw new KalguardError(
      'ERR_LISTEN_FAILED',
      `Cannot use socket activation: ${count} sockets were passed (LISTEN_FDS=${count}), expected exactly 1 (one ListenStream= in the .socket unit)`,
    );
  }
  const name = env.LISTEN_FDNAMES?.split(':')[0];
  return { kind: 'socket-activation', fd: SD_LISTEN_FDS_START, name: name === '' ? undefined : name };
}

/**
 * Starts accepting connections. Node's own listen, not fastify's: fastify logs every interface
 * address when bound to 0.0.0.0, which opens a netlink socket — and the systemd unit's
 * RestrictAddressFamilies=AF_INET AF_INET6 (=none when socket-activated) forbids exactly that.
 */
export async function listen(app: FastifyInstance, target: ListenTarget): Promise<AddressInfo> {
  await app.ready();
  const where = target.kind === 'bind' ? `${target.host}:${target.port}` : `socket-activation fd ${target.fd}`;
  try {
    await new Promise<void>((resolve, reject) => {
      const server = app.server;
      const onError = (error: Error) => reject(error);
      server.once('error', onError);
      const onListening = () => {
        server.removeListener('error', onError);
        resolve();
      };
      if (target.kind === 'bind') server.listen({ host: target.host, port: target.port }, onListening);
      else server.listen({ fd: target.fd }, onListening);
    });
  } catch (error) {
    throw new KalguardError('ERR_LISTEN_FAILED', `Cannot listen on ${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const address = app.server.address();
  // A passed descriptor that is a UNIX socket (or not a socket) has no TCP address: the sidecar's
  // clients, health checks and IP filters all assume TCP, so refuse it.
  if (address === null || typeof address === 'string') {
    await app.close();
    throw new KalguardError('ERR_LISTEN_FAILED', `Cannot listen on ${where}: it is not a TCP socket`);
  }
  return address;
}
