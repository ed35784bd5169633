/**
 * The `WWW-Authenticate` challenge an error response carries: every 401 has one
 * (RFC 9110 §11.6.1, §15.5.2), and so does a 403 for a missing scope (RFC 6750 §3.1).
 */
import type { IdpError } from '../errors.ts';
import { toErrorDescription } from './error-description.ts';

const REALM = 'realm="tokenstorm"';

/** RFC 6750 §3.1: a request with no credentials at all gets the challenge without an error code. */
export const BEARER_CHALLENGE = `Bearer ${REALM}`;

/** How a client authenticates at the OAuth endpoints (RFC 6749 §2.3.1, §5.2). */
export const BASIC_CHALLENGE = `Basic ${REALM}, charset="UTF-8"`;

function bearerError(error: 'invalid_token' | 'insufficient_scope', description: string): string {
  // The description is already in %x20-21 / %x23-5B / %x5D-7E: a quoted-string needs no escapes.
  return `${BEARER_CHALLENGE}, error="${error}", error_description="${toErrorDescription(description)}"`;
}

/**
 * RFC 9449 §7.1: a resource server's challenge for a DPoP-bound token, naming the algorithms a proof may use.
 * `error` is `invalid_token` (the token itself), `invalid_dpop_proof` or `use_dpop_nonce`.
 */
export function dpopChallenge(algorithms: readonly string[], error?: string, description?: string): string {
  const base = `DPoP ${REALM}, algs="${algorithms.join(' ')}"`;
  return error === undefined ? base : `${base}, error="${error}", error_description="${toErrorDescription(description ?? '')}"`;
}

/**
 * A client that failed authentication is told the scheme it authenticates with (Basic), however it tried.
 * Every other 401 is about a bearer credential — an access token, a device session, or the refresh token
 * the recipe's endpoint takes — so it is a Bearer `invalid_token` challenge, whatever the body's `error`.
 */
export function challengeFor(error: IdpError): string | undefined {
  if (error.challenge !== undefined) return error.challenge;
  if (error.code === 'INSUFFICIENT_SCOPE') return bearerError('insufficient_scope', error.message);
  if (error.statusCode !== 401) return undefined;
  return error.code === 'INVALID_CLIENT' ? BASIC_CHALLENGE : bearerError('invalid_token', error.message);
}
