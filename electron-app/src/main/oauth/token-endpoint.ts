/** The OAuth token and revocation endpoints (RFC 6749 §4.1.3, §5; RFC 8628 §3.4; RFC 7009 §2). */
import type { FetchLike } from '../../core/index.ts';
import { ClientError } from '../../shared/client-errors.ts';

export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number | null;
  scope: string | null;
}

export type TokenEndpointAnswer =
  | { ok: true; tokens: OAuthTokens }
  | { ok: false; status: number; error: string; description: string | null; retryAfter: string | null };

/** `application/x-www-form-urlencoded`, as RFC 6749 §4.1.3 requires of token requests. */
export function formBody(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

export const FORM_HEADERS = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };

export async function postTokenRequest(fetch: FetchLike, tokenEndpoint: string, params: Record<string, string>): Promise<TokenEndpointAnswer> {
  let response;
  try {
    response = await fetch(tokenEndpoint, { method: 'POST', headers: FORM_HEADERS, body: formBody(params) });
  } catch (error) {
    throw new ClientError('IDP_UNREACHABLE', `token endpoint unreachable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  return readTokenAnswer(response.status, body, response.headers.get('retry-after'));
}

export function readTokenAnswer(status: number, body: Record<string, unknown> | null, retryAfter: string | null = null): TokenEndpointAnswer {
  if (status === 200 && typeof body?.['access_token'] === 'string' && typeof body['refresh_token'] === 'string') {
    return {
      ok: true,
      tokens: {
        accessToken: body['access_token'],
        refreshToken: body['refresh_token'],
        expiresIn: typeof body['expires_in'] === 'number' ? body['expires_in'] : null,
        scope: typeof body['scope'] === 'string' ? body['scope'] : null,
      },
    };
  }
  const error = typeof body?.['error'] === 'string' ? body['error'] : status === 200 ? 'invalid_response' : `http_${status}`;
  const description = typeof body?.['error_description'] === 'string' ? body['error_description'] : status === 200 ? 'no refresh_token in the answer (was offline_access granted?)' : null;
  return { ok: false, status, error, description, retryAfter };
}

/** RFC 7009: best effort; the caller ignores the outcome apart from logging it. */
export async function revokeToken(
  fetch: FetchLike,
  revocationEndpoint: string,
  params: { token: string; hint: 'refresh_token' | 'access_token'; clientId: string },
): Promise<number> {
  const response = await fetch(revocationEndpoint, {
    method: 'POST',
    headers: FORM_HEADERS,
    body: formBody({ token: params.token, token_type_hint: params.hint, client_id: params.clientId }),
  });
  return response.status;
}
