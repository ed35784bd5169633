/**
 * Sign-in through the system browser (RFC 8252): authorization code with PKCE
 * S256, a loopback redirect on 127.0.0.1, the browser opened with
 * `shell.openExternal` — never an embedded webview, so the app never sees the
 * user's password (seed article, section 1; RFC 8252 §8.12).
 */
import type { FetchLike } from '../../core/index.ts';
import { ClientError } from '../../shared/client-errors.ts';
import type { Discovery } from './discovery.ts';
import { startLoopbackRedirect } from './loopback-redirect.ts';
import { createPkcePair, randomState } from './pkce.ts';
import { postTokenRequest, type OAuthTokens } from './token-endpoint.ts';

export interface BrowserSignInDeps {
  discovery: Discovery;
  fetch: FetchLike;
  openExternal(url: string): Promise<void>;
  clientId: string;
  scope: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export async function signInWithBrowser(deps: BrowserSignInDeps): Promise<OAuthTokens> {
  const metadata = await deps.discovery.metadata();
  const pkce = createPkcePair();
  const state = randomState();
  const loopback = await startLoopbackRedirect({ expectedState: state, timeoutMs: deps.timeoutMs, ...(deps.signal ? { signal: deps.signal } : {}) });
  try {
    const authorize = new URL(metadata.authorizationEndpoint);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: deps.clientId,
      redirect_uri: loopback.redirectUri,
      scope: deps.scope,
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: pkce.method,
    }).toString();
    await deps.openExternal(authorize.href);
    const { code } = await loopback.result;
    const answer = await postTokenRequest(deps.fetch, metadata.tokenEndpoint, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: loopback.redirectUri,
      client_id: deps.clientId,
      code_verifier: pkce.verifier,
    });
    if (!answer.ok) throw new ClientError('OAUTH_FAILED', `token endpoint refused the code: ${answer.error}${answer.description ? ` (${answer.description})` : ''}`);
    return answer.tokens;
  } finally {
    await loopback.close();
  }
}

/** The scopes the client asks for, limited to what the IdP advertises (when it does). */
export function chooseScope(wanted: readonly string[], supported: readonly string[] | null): string {
  return (supported === null ? wanted : wanted.filter((scope) => supported.includes(scope))).join(' ');
}
