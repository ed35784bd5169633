/**
 * The renderer's side of the IPC bridge: unwraps `{ success, data }` results
 * and rebuilds failures as errors carrying their code (core `AuthError` for
 * auth codes, `ClientError` for the client's own), so callers check by code.
 */
import { AuthError, isAuthErrorCode } from '../../../core/index.ts';
import { ClientError, isClientErrorCode, type IpcResult } from '../../../shared/client-errors.ts';

export function unwrap<T>(result: IpcResult<T>): T {
  if (result.success) return result.data;
  throw rebuildError(result);
}

export function rebuildError(failure: { error: string; code: string; retryAfterMs?: number }): AuthError | ClientError {
  if (isClientErrorCode(failure.code)) return new ClientError(failure.code, failure.error);
  return new AuthError(isAuthErrorCode(failure.code) ? failure.code : 'INTERNAL', failure.error, failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs });
}

export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'INTERNAL';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The app's bridge (`window.tokenstorm`). */
export function api(): Window['tokenstorm'] {
  return window.tokenstorm;
}
