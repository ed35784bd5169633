/**
 * OAuth request parameters from a query string, a form body
 * (`application/x-www-form-urlencoded`, as the RFCs require) or a JSON body
 * (accepted too: the seed article's client posts JSON to the token endpoint).
 */
import { IdpError } from '../errors.ts';

export type OAuthParams = ReadonlyMap<string, string>;

/** What the OAuth routes' catch-all parser yields for a body that is neither a form nor JSON. */
export const UNSUPPORTED_BODY = Symbol('tokenstorm.unsupported-body');

/** A JSON body's parameters, or UNSUPPORTED_BODY when it is not JSON at all. */
export function parseJsonParams(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return UNSUPPORTED_BODY;
  }
}

/**
 * Each parameter at most once (RFC 6749 §3.1, §3.2) and a string; one sent
 * without a value is treated as omitted. Unknown parameters are kept and ignored.
 */
export function readOAuthParams(source: unknown): OAuthParams {
  const params = new Map<string, string>();
  if (source === undefined || source === null) return params;
  if (source === UNSUPPORTED_BODY || typeof source !== 'object' || Array.isArray(source)) {
    throw new IdpError('INVALID_REQUEST', 'expected the parameters as an application/x-www-form-urlencoded body (RFC 6749 §3.2)');
  }
  for (const [name, value] of Object.entries(source as Record<string, unknown>)) {
    if (Array.isArray(value)) throw new IdpError('INVALID_REQUEST', `the parameter "${name}" is repeated (RFC 6749 §3.1)`);
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') throw new IdpError('INVALID_REQUEST', `the parameter "${name}" must be a string`);
    params.set(name, value);
  }
  return params;
}

export function requireParam(params: OAuthParams, name: string): string {
  const value = params.get(name);
  if (value === undefined) throw new IdpError('INVALID_REQUEST', `the parameter "${name}" is required`);
  return value;
}
