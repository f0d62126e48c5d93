import { connect, type Socket } from 'node:net';
import { once } from 'node:events';

/** A raw TCP connection to the sidecar, for what fetch cannot send (pipelining, lies, trickles). */
export interface RawConnection {
  readonly socket: Socket;
  /** Everything received so far, as latin1 text. */
  received(): string;
  write(data: string | Buffer): Promise<void>;
  /** Resolves when the server has closed the connection (or it errored). */
  readonly closed: Promise<void>;
  /** Resolves once `predicate(received())` holds; rejects when the socket closes first or after timeoutMs. */
  waitFor(predicate: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  destroy(): void;
}

export async function openRaw(port: number): Promise<RawConnection> {
  const socket = connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  let text = '';
  let isClosed = false;
  const listeners = new Set<() => void>();
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    for (const l of [...listeners]) l();
  });
  const closed = new Promise<void>((resolve) => {
    const done = (): void => {
      isClosed = true;
      for (const l of [...listeners]) l();
      resolve();
    };
    socket.once('close', done);
    socket.on('error', () => undefined);
  });
  return {
    socket,
    received: () => text,
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        if (socket.destroyed || !socket.writable) return reject(new Error('socket is closed'));
        socket.write(data, (err) => (err ? reject(err) : resolve()));
      }),
    closed,
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise<string>((resolve, reject) => {
        const check = (): void => {
          if (predicate(text)) {
            cleanup();
            resolve(text);
          } else if (isClosed) {
            cleanup();
            reject(new Error(`connection closed before the expected data; received: ${text.slice(0, 300)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected data not received in ${timeoutMs} ms; received: ${text.slice(0, 300)}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    destroy: () => socket.destroy(),
  };
}

/** Parses the HTTP/1.1 responses in a byte stream (Content-Length framing only: what the sidecar sends). */
export function parseResponses(text: string): { status: number; headers: Record<string, string>; body: string }[] {
  const out: { status: number; headers: Record<string, string>; body: string }[] = [];
  let rest = text;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return out;
    const [statusLine = '', ...headerLines] = rest.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const h of headerLines) {
      const colon = h.indexOf(':');
      headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    const bodyStart = end + 4;
    if (rest.length < bodyStart + length) return out;
    out.push({ status: Number(statusLine.split(' ')[1]), headers, body: rest.slice(bodyStart, bodyStart + length) });
    rest = rest.slice(bodyStart + length);
  }
}

/** A complete HTTP/1.1 POST with a JSON body, as bytes on the wire. */
export function rawPost(path: string, body: string, headers: Record<string, string> = {}): string {
  const lines = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
