import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// An inbound id is echoed into logs, the audit and a response header: keep only short ids made of
// characters that cannot forge log lines or headers.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function generateRequestId(req: IncomingMessage): string {
  const inbound = req.headers['x-request-id'];
  if (typeof inbound === 'string' && SAFE_REQUEST_ID.test(inbound)) return inbound;
  return randomUUID();
}
