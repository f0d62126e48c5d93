import { Agent, request as httpRequest } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/**
 * One HTTP request with exact bytes and headers (node:http, not fetch: fetch refuses or rewrites
 * some headers and cannot send a body that is not what content-length says). Socket errors
 * resolve as status 0 so a fuzz property can report them rather than crash.
 */
export function sendRaw(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string; agent?: Agent },
): Promise<RawResponse> {
  return new Promise((resolve) => {
    const target = new URL(options.path, url);
    const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, 'utf8');
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) headers['content-length'] = String(body.length);
    const req = httpRequest(
      { host: target.hostname, port: target.port, path: target.pathname, method: options.method ?? 'POST', headers, agent: options.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => resolve({ status: 0, headers: {}, text: String(err) }));
      },
    );
    req.on('error', (err) => resolve({ status: 0, headers: {}, text: String(err) }));
    req.end(body);
  });
}
