/** Scope strings (RFC 6749 §3.3): space-delimited, case-sensitive tokens; checked against what a client may ask for. */
import { IdpError } from '../errors.ts';
import { quoted } from '../http/error-description.ts';

/** scope-token = 1*( %x21 / %x23-5B / %x5D-7E ) */
export const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** The scopes in a `scope` parameter, deduplicated, in the order given. Throws `invalid_scope` on a malformed token. */
export function parseScope(value: string): string[] {
  const tokens = value.split(' ').filter((token) => token.length > 0);
  for (const token of tokens) {
    if (!SCOPE_TOKEN.test(token)) throw new IdpError('INVALID_SCOPE', `the scope ${quoted(token)} is not a valid scope token (RFC 6749 §3.3)`);
  }
  return [...new Set(tokens)];
}

/** `requested` if every scope in it is in `allowed`, else `invalid_scope` naming the first that is not. */
export function requireScopesWithin(requested: string[], allowed: readonly string[], what: string): string[] {
  const outside = requested.find((scope) => !allowed.includes(scope));
  if (outside !== undefined) throw new IdpError('INVALID_SCOPE', `the scope ${quoted(outside)} is not ${what}`);
  return requested;
}

export function hasScope(scope: string, wanted: string): boolean {
  return scope.split(' ').includes(wanted);
}
