/**
 * OAuth request parameters from a query string, a form body
 * (`application/x-www-form-urlencoded`, as the RFCs require) or a JSON body
 * (accepted too: the seed article's client posts JSON to the token endpoint).
 */
import { IdpError } from '../errors.ts';
import { quoted } from '../http/error-description.ts';
import { parseJsonText } from '../http/json-body.ts';

export type OAuthParams = ReadonlyMap<string, string>;

/**
 * What the OAuth routes' parsers yield for a body they cannot read: each route then answers it in its
 * own form (a JSON error, or a page for a person) rather than Fastify's generic 400 or 415.
 */
export class UnreadableBody {
  constructor(readonly problem: string) {}
}

/** A JSON body's parameters (an empty body has none), or why it cannot be read. */
export function parseJsonParams(text: string): unknown {
  if (text.trim() === '') return undefined;
  const parsed = parseJsonText(text);
  return parsed.ok ? parsed.value : new UnreadableBody(parsed.problem);
}

/** A body of a type the OAuth endpoints do not read (RFC 6749 §3.2 asks for a form). */
export function unsupportedBody(contentType: string | undefined): UnreadableBody {
  const type = contentType?.split(';')[0]?.trim() || 'of no stated type';
  return new UnreadableBody(`the body is ${type}: send the parameters as an application/x-www-form-urlencoded body (RFC 6749 §3.2)`);
}

/**
 * Each parameter at most once (RFC 6749 §3.1, §3.2) and a string; one sent
 * without a value is treated as omitted. Unknown parameters are kept and ignored.
 */
export function readOAuthParams(source: unknown): OAuthParams {
  const params = new Map<string, string>();
  if (source === undefined) return params;
  if (source instanceof UnreadableBody) throw new IdpError('INVALID_REQUEST', source.problem);
  if (source === null || typeof source !== 'object' || Array.isArray(source)) {
    // The kind, never the value: a body that is one JSON string may well be a token.
    const kind = source === null ? 'null' : Array.isArray(source) ? 'a list' : `a ${typeof source}`;
    throw new IdpError('INVALID_REQUEST', `the JSON body must be an object of parameters, got ${kind}`);
  }
  for (const [name, value] of Object.entries(source as Record<string, unknown>)) {
    if (Array.isArray(value)) throw new IdpError('INVALID_REQUEST', `the parameter ${quoted(name)} is repeated (RFC 6749 §3.1)`);
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') throw new IdpError('INVALID_REQUEST', `the parameter ${quoted(name)} must be a string`);
    params.set(name, value);
  }
  return params;
}

export function requireParam(params: OAuthParams, name: string): string {
  const value = params.get(name);
  if (value === undefined) throw new IdpError('INVALID_REQUEST', `the parameter "${name}" is required`);
  return value;
}
