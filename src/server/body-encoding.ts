import type { FastifyInstance } from 'fastify';
import { KalguardError } from '../errors';

/** The only charset JSON is decided in (RFC 8259: JSON exchanged between systems is UTF-8). */
const CHARSET_PARAM = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;

/**
 * The body is decided on as the UTF-8 JSON bytes it is. A body declared as compressed
 * (content-encoding gzip, br, …) or in another charset (latin1, utf-16) would be decided on as
 * something other than what the sender and the next hop read: a gap between what was checked and
 * what is used. Such bodies are refused (415) rather than guessed at.
 */
export function registerBodyEncodingCheck(app: FastifyInstance): void {
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
      return done(unsupported(`content-encoding "${clip(encoding)}" is not supported; send the body uncompressed`));
    }
    const charset = CHARSET_PARAM.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return done(unsupported(`charset "${clip(charset)}" is not supported; the body must be UTF-8 JSON`));
    }
    done(null, payload);
  });
}

function unsupported(reason: string): KalguardError {
  return new KalguardError('ERR_UNSUPPORTED_MEDIA_TYPE', `Cannot accept request: ${reason}`);
}

function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
