import pino, { type Logger } from 'pino';

/**
 * Operational logs: JSON lines on stdout. Synchronous writes to fd 1, no transports: transports run
 * in worker threads that load files from disk, which a single executable does not have.
 * Prompt text, tokens and secrets are never logged; the redact list is a second line of defence.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { service: 'kalguard-sidecar' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['authorization', 'headers.authorization', 'req.headers.authorization', 'tokenSecret', 'tokenSecretPrevious', '*.tokenSecret', '*.tokenSecretPrevious', 'token'],
        censor: '[redacted]',
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ dest: 1, sync: true }),
  );
}
