/**
 * The mock IdP's error registry: one base class carrying a stable `code`, the
 * HTTP status and the OAuth `error` it is sent as (RFC 6749 §5.2 shape).
 */
export const IDP_ERRORS = {
  INVALID_REQUEST: { status: 400, oauth: 'invalid_request' },
  INVALID_ADMIN_BODY: { status: 400, oauth: 'invalid_request' },
  INVALID_CONFIG: { status: 400, oauth: 'invalid_request' },
  NOT_FOUND: { status: 404, oauth: 'not_found' },
  INVALID_GRANT: { status: 401, oauth: 'invalid_grant' },
  REFRESH_TOKEN_UNKNOWN: { status: 401, oauth: 'invalid_grant' },
  REFRESH_TOKEN_EXPIRED: { status: 401, oauth: 'invalid_grant' },
  REFRESH_TOKEN_REVOKED: { status: 401, oauth: 'invalid_grant' },
  REFRESH_TOKEN_REUSED: { status: 401, oauth: 'invalid_grant' },
  SESSION_EXPIRED: { status: 401, oauth: 'invalid_grant' },
  INVALID_TOKEN: { status: 401, oauth: 'invalid_token' },
  INSUFFICIENT_SCOPE: { status: 403, oauth: 'insufficient_scope' },
} as const;

export type IdpErrorCode = keyof typeof IDP_ERRORS;

export interface ErrorIssue {
  path: string;
  message: string;
}

export class IdpError extends Error {
  override readonly name = 'IdpError';
  readonly code: IdpErrorCode;
  readonly statusCode: number;
  readonly oauthError: string;
  readonly issues: ErrorIssue[] | undefined;

  constructor(code: IdpErrorCode, message: string, options: { issues?: ErrorIssue[]; statusCode?: number } = {}) {
    super(message);
    this.code = code;
    this.statusCode = options.statusCode ?? IDP_ERRORS[code].status;
    this.oauthError = IDP_ERRORS[code].oauth;
    this.issues = options.issues;
  }

  /** The JSON body sent to the client: OAuth shape plus the stable code. */
  toBody(): { error: string; error_description: string; code: IdpErrorCode; issues?: ErrorIssue[] } {
    return {
      error: this.oauthError,
      error_description: this.message,
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
