import { describe, expect, it } from 'vitest';
import { AuthError, deserializeError, hasAuthErrorCode, isTransientAuthError, serializeError, storageError } from './errors.ts';

describe('AuthError registry', () => {
  it('carries a stable code and optional Retry-After', () => {
    const error = new AuthError('REFRESH_RATE_LIMITED', 'slow down', { retryAfterMs: 30_000 });
    expect(error.code).toBe('REFRESH_RATE_LIMITED');
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.name).toBe('AuthError');
  });

  it('survives an IPC round trip as { name, code, message } and is still recognised by code', () => {
    const wire = structuredClone(serializeError(new AuthError('SESSION_EXPIRED', 'sign in again')));
    expect(wire).toEqual({ name: 'AuthError', code: 'SESSION_EXPIRED', message: 'sign in again' });
    const rebuilt = deserializeError(wire);
    expect(hasAuthErrorCode(rebuilt, 'SESSION_EXPIRED')).toBe(true);
    expect(rebuilt.message).toBe('sign in again');
  });

  it('keeps retryAfterMs across serialization', () => {
    const rebuilt = deserializeError(serializeError(new AuthError('REFRESH_RATE_LIMITED', 'x', { retryAfterMs: 5_000 })));
    expect(rebuilt.retryAfterMs).toBe(5_000);
  });

  it('serializes foreign errors as INTERNAL without losing their message', () => {
    expect(serializeError(new TypeError('boom'))).toEqual({ name: 'TypeError', code: 'INTERNAL', message: 'boom' });
    expect(deserializeError({ code: 'NOT_A_CODE', message: 'm' }).code).toBe('INTERNAL');
    expect(deserializeError('garbage').code).toBe('INTERNAL');
  });

  it('checks by code, so a plain object from another realm matches and a different code does not', () => {
    expect(hasAuthErrorCode({ code: 'NETWORK', message: 'offline' }, 'NETWORK')).toBe(true);
    expect(hasAuthErrorCode({ code: 'NETWORK', message: 'offline' }, 'TIMEOUT')).toBe(false);
    expect(hasAuthErrorCode(new Error('plain'))).toBe(false);
  });

  it('classifies rate limits, server errors, network errors and timeouts as transient, expiry as not', () => {
    for (const code of ['REFRESH_RATE_LIMITED', 'REFRESH_SERVER_ERROR', 'NETWORK', 'TIMEOUT'] as const) {
      expect(isTransientAuthError(new AuthError(code, code))).toBe(true);
    }
    expect(isTransientAuthError(new AuthError('SESSION_EXPIRED', 'x'))).toBe(false);
    expect(isTransientAuthError(new AuthError('NO_SESSION', 'x'))).toBe(false);
  });

  it('a token store failure is STORAGE, naming the operation, with the store’s error as its cause; it crosses IPC by code', () => {
    const cause = new Error('Secure storage not available');
    const error = storageError(cause, 'reading refreshToken');
    expect(error).toMatchObject({ code: 'STORAGE', message: 'token store failed reading refreshToken: Secure storage not available', cause });
    expect(hasAuthErrorCode(deserializeError(structuredClone(serializeError(error))), 'STORAGE')).toBe(true);
  });
});
