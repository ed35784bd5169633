/**
 * The mock IdP's error registry: one base class carrying a stable `code`, the
 * HTTP status and the OAuth `error` it is sent as (RFC 6749 §5.2 shape).
 */
import { toErrorDescription } from './http/error-description.ts';

export const IDP_ERRORS = {
  INVALID_REQUEST: { status: 400, oauth: 'invalid_request' },
  INVALID_ADMIN_BODY: { status: 400, oauth: 'invalid_request' },
  INVALID_CONFIG: { status: 400, oauth: 'invalid_request' },
  NOT_FOUND: { status: 404, oauth: 'not_found' },
  METHOD_NOT_ALLOWED: { status: 405, oauth: 'invalid_request' },
  INVALID_GRANT: { status: 401, oauth: 'invalid_grant' },
  REFRESH_TOKEN_UNKNOWN: { status: 401, oauth: 'invalid_grant' },
  REFRESH_TOKEN_EXPIRED: { status: 401, oauth: 'invalid_grant' },
  REFRESH_TOKEN_REVOKED: { status: 401, oauth: 'invalid_grant' },
  REFRESH_TOKEN_REUSED: { status: 401, oauth: 'invalid_grant' },
  SESSION_EXPIRED: { status: 401, oauth: 'invalid_grant' },
  REFRESH_ABUSE_DETECTED: { status: 401, oauth: 'invalid_grant' },
  INVALID_TOKEN: { status: 401, oauth: 'invalid_token' },
  INSUFFICIENT_SCOPE: { status: 403, oauth: 'insufficient_scope' },
  // OAuth 2.x endpoints (RFC 6749 §4.1.2.1 and §5.2, RFC 7636, RFC 8628 §3.5, RFC 7009, OIDC Core §3.1.2.6).
  INVALID_CLIENT: { status: 401, oauth: 'invalid_client' },
  UNAUTHORIZED_CLIENT: { status: 400, oauth: 'unauthorized_client' },
  UNSUPPORTED_GRANT_TYPE: { status: 400, oauth: 'unsupported_grant_type' },
  UNSUPPORTED_RESPONSE_TYPE: { status: 400, oauth: 'unsupported_response_type' },
  INVALID_SCOPE: { status: 400, oauth: 'invalid_scope' },
  INVALID_REDIRECT_URI: { status: 400, oauth: 'invalid_request' },
  LOGIN_REQUIRED: { status: 400, oauth: 'login_required' },
  REQUEST_NOT_SUPPORTED: { status: 400, oauth: 'request_not_supported' },
  REQUEST_URI_NOT_SUPPORTED: { status: 400, oauth: 'request_uri_not_supported' },
  LOGIN_FAILED: { status: 401, oauth: 'access_denied' },
  LOGIN_TRANSACTION_INVALID: { status: 400, oauth: 'invalid_request' },
  ACCESS_DENIED: { status: 400, oauth: 'access_denied' },
  AUTHORIZATION_CODE_INVALID: { status: 400, oauth: 'invalid_grant' },
  AUTHORIZATION_CODE_REUSED: { status: 400, oauth: 'invalid_grant' },
  REDIRECT_URI_MISMATCH: { status: 400, oauth: 'invalid_grant' },
  PKCE_FAILED: { status: 400, oauth: 'invalid_grant' },
  DEVICE_CODE_INVALID: { status: 400, oauth: 'invalid_grant' },
  USER_CODE_INVALID: { status: 400, oauth: 'invalid_request' },
  AUTHORIZATION_PENDING: { status: 400, oauth: 'authorization_pending' },
  SLOW_DOWN: { status: 400, oauth: 'slow_down' },
  EXPIRED_TOKEN: { status: 400, oauth: 'expired_token' },
  // The seed article's backend-mediated and telemetry patterns.
  BROKER_SESSION_ENDED: { status: 401, oauth: 'invalid_grant' },
  TELEMETRY_PII: { status: 400, oauth: 'invalid_request' },
  // DPoP (RFC 9449 §5, §7.1, §8, §9): a resource server answers these 401 with a DPoP challenge.
  INVALID_DPOP_PROOF: { status: 400, oauth: 'invalid_dpop_proof' },
  USE_DPOP_NONCE: { status: 400, oauth: 'use_dpop_nonce' },
  DPOP_KEY_MISMATCH: { status: 400, oauth: 'invalid_grant' },
  // Client attestation (draft-ietf-oauth-attestation-based-client-auth): the seed article's continuous attestation.
  INVALID_CLIENT_ATTESTATION: { status: 400, oauth: 'invalid_client_attestation' },
  USE_FRESH_ATTESTATION: { status: 400, oauth: 'use_fresh_attestation' },
  USE_ATTESTATION_CHALLENGE: { status: 400, oauth: 'use_attestation_challenge' },
  ATTESTATION_KEY_MISMATCH: { status: 400, oauth: 'invalid_grant' },
  ATTESTATION_FAILED: { status: 403, oauth: 'access_denied' },
} as const;

export type IdpErrorCode = keyof typeof IDP_ERRORS;

export interface ErrorIssue {
  path: string;
  message: string;
}

export interface IdpErrorOptions {
  issues?: ErrorIssue[];
  statusCode?: number;
  outcome?: string;
  challenge?: string;
  /** Response headers the answer carries besides its challenge (a DPoP nonce). */
  headers?: Record<string, string>;
}

export class IdpError extends Error {
  override readonly name = 'IdpError';
  readonly code: IdpErrorCode;
  readonly statusCode: number;
  readonly oauthError: string;
  readonly issues: ErrorIssue[] | undefined;
  /**
   * What the event history records, when it is not the code: an answer made to look like another
   * (a token of another client answered as unknown, so the answer does not say it is valid) is still
   * recorded as what it was.
   */
  readonly outcome: string | undefined;
  /** The WWW-Authenticate challenge to send instead of the one its code implies (see http/challenges.ts). */
  readonly challenge: string | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: IdpErrorCode, message: string, options: IdpErrorOptions = {}) {
    super(message);
    this.code = code;
    this.statusCode = options.statusCode ?? IDP_ERRORS[code].status;
    this.oauthError = IDP_ERRORS[code].oauth;
    this.issues = options.issues;
    this.outcome = options.outcome;
    this.challenge = options.challenge;
    this.headers = options.headers;
  }

  private options(): IdpErrorOptions {
    const { issues, outcome, challenge, headers } = this;
    return { statusCode: this.statusCode, ...(issues ? { issues } : {}), ...(outcome ? { outcome } : {}), ...(challenge ? { challenge } : {}), ...(headers ? { headers } : {}) };
  }

  /** The same error answered with another status (the token endpoint's 400 for what the recipe's endpoint answers 401). */
  withStatus(statusCode: number): IdpError {
    if (statusCode === this.statusCode) return this;
    return new IdpError(this.code, this.message, { ...this.options(), statusCode });
  }

  /** The same error, answered with a challenge of its own (a resource server's DPoP challenge). */
  withChallenge(challenge: string): IdpError {
    return new IdpError(this.code, this.message, { ...this.options(), challenge });
  }

  /** The same error, answered with these headers too. */
  withHeaders(headers: Record<string, string>): IdpError {
    return new IdpError(this.code, this.message, { ...this.options(), headers: { ...this.headers, ...headers } });
  }

  /**
   * The JSON body sent to the client: OAuth shape plus the stable code; the description in RFC 6749 §5.2's
   * characters, unless `exact` (the admin API, which is no OAuth surface, says values exactly as given).
   */
  toBody(options: { exact?: boolean } = {}): { error: string; error_description: string; code: IdpErrorCode; issues?: ErrorIssue[] } {
    return {
      error: this.oauthError,
      error_description: options.exact ? this.message : toErrorDescription(this.message),
      code: this.code,
      ...(this.issues ? { issues: this.issues } : {}),
    };
  }
}

export function isIdpError(value: unknown): value is IdpError {
  return value instanceof Error && (value as { name?: string }).name === 'IdpError' && 'code' in value;
}

/** Turns zod issues into `path: message` lines that name where the input is wrong. */
export function issuesFromZod(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  root = '',
): ErrorIssue[] {
  return issues.map((issue) => {
    let path = root;
    for (const key of issue.path) {
      path += typeof key === 'number' ? `[${key}]` : `${path ? '.' : ''}${String(key)}`;
    }
    return { path: path || '(root)', message: issue.message };
  });
}

export function describeIssues(issues: ErrorIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}

/** How an error message shows a value a person wrote: JSON for scalars (Infinity and NaN by name), the kind for the rest. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? typeof value;
}
