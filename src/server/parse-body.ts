import type { z } from 'zod';
import { KalguardError, formatPath } from '../errors';
import { exceedsDepth, MAX_BODY_DEPTH } from './body-depth';

/** Validates a parsed JSON body against a zod schema; every problem is reported with its path. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (exceedsDepth(body)) {
    const message = `nested deeper than ${MAX_BODY_DEPTH} levels`;
    throw new KalguardError('ERR_VALIDATION', `Cannot check request: invalid body: ${message}`, { details: [{ path: '(root)', message }] });
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const details = result.error.issues.slice(0, 20).map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
  const summary = details
    .slice(0, 3)
    .map((d) => `${d.path}: ${d.message}`)
    .join('; ');
  throw new KalguardError('ERR_VALIDATION', `Cannot check request: invalid body: ${summary}`, { details });
}
