/**
 * Turns what came back from `POST /api/auth/refresh` into one of a few
 * outcomes. Only `rejected` (401/403, `invalid_grant`, reuse detected) may end
 * a session; everything else is transient and keeps the tokens.
 */
import type { ResponseLike, TokenPair } from './ports.ts';
import { parseRetryAfterMs } from './retry-policy.ts';
import type { AuthErrorCode } from './errors.ts';

export type RefreshOutcome =
  | { kind: 'rotated'; tokens: TokenPair; expiresInMs: number | null }
  | { kind: 'rejected'; status: number; reused: boolean; error: string | null }
  | { kind: 'rate-limited'; retryAfterMs: number | null }
  | { kind: 'server-error'; status: number; retryAfterMs: number | null }
  | { kind: 'network' }
  | { kind: 'timeout' };

export type TransientOutcome = Extract<RefreshOutcome, { kind: 'rate-limited' | 'server-error' | 'network' | 'timeout' }>;

export async function classifyRefreshResponse(response: ResponseLike, nowMs: number): Promise<RefreshOutcome> {
  const { status } = response;
  const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), nowMs);
  const body = await readJson(response);
  if (status === 200) {
    const tokens = readTokenPair(body);
    if (tokens === null) return { kind: 'server-error', status, retryAfterMs };
    const expiresIn = (body as { expiresIn?: unknown }).expiresIn;
    return { kind: 'rotated', tokens, expiresInMs: typeof expiresIn === 'number' ? expiresIn * 1_000 : null };
  }
  const error = typeof (body as { error?: unknown } | null)?.error === 'string' ? (body as { error: string }).error : null;
  const code = (body as { code?: unknown } | null)?.code;
  if (status === 401 || status === 403 || error === 'invalid_grant') {
    return { kind: 'rejected', status, reused: code === 'REFRESH_TOKEN_REUSED', error };
  }
  if (status === 429) return { kind: 'rate-limited', retryAfterMs };
  // 5xx, and anything unexpected (404 from a misrouted proxy, 400 without invalid_grant): not proof the session is gone.
  return { kind: 'server-error', status, retryAfterMs };
}

export function isTransient(outcome: RefreshOutcome): outcome is TransientOutcome {
  return outcome.kind === 'rate-limited' || outcome.kind === 'server-error' || outcome.kind === 'network' || outcome.kind === 'timeout';
}

export function transientErrorCode(outcome: TransientOutcome): AuthErrorCode {
  switch (outcome.kind) {
    case 'rate-limited':
      return 'REFRESH_RATE_LIMITED';
    case 'server-error':
      return 'REFRESH_SERVER_ERROR';
    case 'network':
      return 'NETWORK';
    case 'timeout':
      return 'TIMEOUT';
  }
}

export function describeOutcome(outcome: RefreshOutcome): string {
  switch (outcome.kind) {
    case 'rotated':
      return 'rotated';
    case 'rejected':
      return `rejected (${outcome.status}${outcome.reused ? ', reuse detected' : ''})`;
    case 'rate-limited':
      return `rate limited${outcome.retryAfterMs === null ? '' : ` (Retry-After ${outcome.retryAfterMs} ms)`}`;
    case 'server-error':
      return `server error (${outcome.status})`;
    case 'network':
      return 'network error';
    case 'timeout':
      return 'timed out';
  }
}

async function readJson(response: ResponseLike): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function readTokenPair(body: unknown): TokenPair | null {
  if (typeof body !== 'object' || body === null) return null;
  const { accessToken, refreshToken } = body as { accessToken?: unknown; refreshToken?: unknown };
  if (typeof accessToken !== 'string' || accessToken === '' || typeof refreshToken !== 'string' || refreshToken === '') return null;
  return { accessToken, refreshToken };
}
