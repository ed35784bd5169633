/**
 * The Electron client's own error registry (the auth core has its own, `AuthError`).
 * Errors cross IPC as `{ success: false, error, code, name }` and are rebuilt on
 * the other side; callers check them by `code`, never with `instanceof`.
 */
import { isAuthErrorCode, type AuthErrorCode } from '../core/index.ts';

export const CLIENT_ERROR_CODES = [
  /** safeStorage cannot encrypt here (no keychain, or Linux's `basic_text` backend): tokens are not stored at all. */
  'ENCRYPTION_UNAVAILABLE',
  'ENCRYPTION_FAILED',
  /** A stored blob could not be decrypted (another machine's key, a corrupted file). */
  'DECRYPTION_FAILED',
  /** A secure-storage key other than `accessToken` / `refreshToken`. */
  'INVALID_TOKEN_KEY',
  /** The IPC message did not come from the top frame of one of the app's own windows. */
  'IPC_FORBIDDEN',
  /** An IPC argument did not have the expected shape. */
  'INVALID_IPC_ARGUMENT',
  /** A renderer asked main to send a request the IdP bridge does not allow (path, method, header). */
  'IDP_REQUEST_REFUSED',
  /** The IdP could not be reached (network error, connection reset, offline). */
  'IDP_UNREACHABLE',
  /** `/.well-known/openid-configuration` was missing or lacked an endpoint the flow needs. */
  'DISCOVERY_FAILED',
  /** The authorization server or the user refused (`access_denied`), or returned an OAuth error. */
  'OAUTH_DENIED',
  'OAUTH_FAILED',
  'OAUTH_CANCELLED',
  'OAUTH_TIMEOUT',
  /** RFC 8628 §3.5 `expired_token`: the user code was not entered in time. */
  'DEVICE_CODE_EXPIRED',
  /** A protected API answered an error status the caller cannot handle. */
  'API_ERROR',
  /** A command-line flag or environment variable had a bad value. */
  'BAD_LAUNCH_CONFIG',
] as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/** Every code an IPC result can carry: the client's and the auth core's. */
export type AnyErrorCode = ClientErrorCode | AuthErrorCode;

export class ClientError extends Error {
  override readonly name = 'ClientError';
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isClientErrorCode(value: unknown): value is ClientErrorCode {
  return typeof value === 'string' && (CLIENT_ERROR_CODES as readonly string[]).includes(value);
}

export function isKnownErrorCode(value: unknown): value is AnyErrorCode {
  return isClientErrorCode(value) || isAuthErrorCode(value);
}

/**
 * The result of every IPC invoke except `secure-storage:is-available`. It keeps the
 * recipe's `{ success, data, error }` shape, so `window.secureStorage` is the
 * recipe's surface, and adds a stable `code` on failure.
 */
export type IpcResult<T> =
  | { success: true; data: T }
  | { success: false; error: string; code: AnyErrorCode; name: string; retryAfterMs?: number };

export function ok<T>(data: T): IpcResult<T> {
  return { success: true, data };
}

export function failed(error: unknown): IpcResult<never> {
  const code = (error as { code?: unknown } | null)?.code;
  const retryAfterMs = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return {
    success: false,
    error: error instanceof Error ? error.message : String(error),
    code: isKnownErrorCode(code) ? code : 'INTERNAL',
    name: error instanceof Error ? error.name : 'Error',
    ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}),
  };
}
