import type { ErrorObject } from 'ajv';
import type { ErrorDetail } from '../errors';

/** Most errors we report per call: they reach the audit and the client; the first few suffice. */
export const MAX_SCHEMA_ERRORS = 20;

/** RFC 6901 escaping of one reference token. */
function pointerToken(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

function childPath(instancePath: string, property: unknown): string {
  return `${instancePath}/${pointerToken(String(property))}`;
}

/**
 * ajv errors as `{path, message}` with `path` a JSON Pointer into the arguments ("/" for the
 * root, as people read it). `required` and `additionalProperties` are reported at the property
 * that is missing or extra, not at its parent, so the path names what to fix.
 */
export function toSchemaErrorDetails(errors: readonly ErrorObject[] | null | undefined): ErrorDetail[] {
  if (errors === null || errors === undefined || errors.length === 0) {
    // ajv said "invalid" without saying why: still a denial, with an honest message.
    return [{ path: '/', message: 'does not match the tool parameters schema' }];
  }
  return errors.slice(0, MAX_SCHEMA_ERRORS).map((error) => {
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required' && params['missingProperty'] !== undefined) {
      return { path: childPath(error.instancePath, params['missingProperty']), message: 'is required' };
    }
    if (error.keyword === 'additionalProperties' && params['additionalProperty'] !== undefined) {
      return { path: childPath(error.instancePath, params['additionalProperty']), message: 'is not allowed' };
    }
    return { path: error.instancePath === '' ? '/' : error.instancePath, message: error.message ?? `fails "${error.keyword}"` };
  });
}
