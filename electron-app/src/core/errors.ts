/**
 * The client core's error registry: one base class carrying a stable `code`.
 * Errors that cross IPC travel as `{ name, code, message }` and are rebuilt on
 * the other side, so callers check them by code, never with `instanceof`.
 */

export const AUTH_ERROR_CODES = [
  /** No tokens are stored: the user has not signed in (or signed out). */
  'NO_SESSION',
  /** The IdP definitively rejected the refresh token; the user must sign in again. */
  'SESSION_EXPIRED',
  /** The user signed out while this call was waiting. */
  'SIGNED_OUT',
  /** The IdP answered 429, or the client's own refresh budget or Retry-After window is in force. */
  'REFRESH_RATE_LIMITED',
  /** The IdP answered 5xx (or an unusable response) to every refresh attempt. */
  'REFRESH_SERVER_ERROR',
  /** The request never got an HTTP response (offline, connection reset). */
  'NETWORK',
  /** The request got no response within the configured deadline. */
  'TIMEOUT',
  /** Sign-in was refused or returned no token. */
  'SIGN_IN_FAILED',
  /** The token store failed (secure storage unavailable, a decrypt or IPC error); the stored tokens are as they were. */
  'STORAGE',
  /** Anything else; only produced when deserializing an unknown error. */
  'INTERNAL',
] as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

/** Codes after which the session is kept: retry later, the user stays signed in. */
export const TRANSIENT_ERROR_CODES: ReadonlySet<AuthErrorCode> = new Set<AuthErrorCode>([
  'REFRESH_RATE_LIMITED',
  'REFRESH_SERVER_ERROR',
  'NETWORK',
  'TIMEOUT',
]);

export interface AuthErrorOptions {
  cause?: unknown;
  /** For REFRESH_RATE_LIMITED: how long until a refresh may be tried again. */
  retryAfterMs?: number;
}

export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: AuthErrorCode;
  readonly retryAfterMs: number | undefined;

  constructor(code: AuthErrorCode, message: string, options: AuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The wire shape of an error crossing IPC (structured-clone safe). */
export interface SerializedAuthError {
  name: string;
  code: AuthErrorCode;
  message: string;
  retryAfterMs?: number;
}

export function isAuthErrorCode(value: unknown): value is AuthErrorCode {
  return typeof value === 'string' && (AUTH_ERROR_CODES as readonly string[]).includes(value);
}

/** True for an AuthError, a deserialized one, or any object carrying a known code (optionally a given one). */
export function hasAuthErrorCode(value: unknown, code?: AuthErrorCode): value is { code: AuthErrorCode; message: string } {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = (value as { code?: unknown }).code;
  return isAuthErrorCode(candidate) && (code === undefined || candidate === code);
}

export function isTransientAuthError(value: unknown): boolean {
  return hasAuthErrorCode(value) && TRANSIENT_ERROR_CODES.has(value.code);
}

export function serializeError(error: unknown): SerializedAuthError {
  if (hasAuthErrorCode(error)) {
    const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
    return {
      name: 'AuthError',
      code: error.code,
      message: error.message,
      ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}),
    };
  }
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return { name, code: 'INTERNAL', message };
}

export function deserializeError(value: unknown): AuthError {
  if (typeof value !== 'object' || value === null) {
    return new AuthError('INTERNAL', `Unrecognised error payload: ${String(value)}`);
  }
  const { code, message, retryAfterMs } = value as Partial<SerializedAuthError>;
  return new AuthError(isAuthErrorCode(code) ? code : 'INTERNAL', typeof message === 'string' ? message : 'Unknown error', {
    ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}),
  });
}

/** A token store's rejection as the AuthError callers see: STORAGE, the store's own error as the cause. */
export function storageError(error: unknown, operation: string): AuthError {
  return new AuthError('STORAGE', `token store failed ${operation}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
