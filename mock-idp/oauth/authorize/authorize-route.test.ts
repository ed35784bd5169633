import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENTS } from '../clients/client-schema.ts';
import { call, DEMO, useIdp } from '../../test-support.ts';
import {
  authorizeParams, codeFlow, DESKTOP, form, getAuthorize, LOOPBACK, pkcePair, postPage, signInThroughPage,
} from '../oauth-test-support.ts';

const clients = [
  ...DEFAULT_CLIENTS,
  { id: 'legacy-plain', type: 'public' as const, redirectUris: ['http://127.0.0.1/cb'], allowPlainPkce: true, scopes: ['openid', 'notes:read'] },
  { id: 'web-app', type: 'confidential' as const, secret: 'web-app-secret', redirectUris: ['https://app.example/cb'], scopes: ['openid', 'notes:read'] },
  { id: 'other-desktop', type: 'public' as const, redirectUris: ['http://127.0.0.1/callback'], scopes: ['openid', 'notes:read'] },
];

describe('authorization endpoint (RFC 6749 §4.1, RFC 8252 §7)', () => {
  const ctx = useIdp({ clients });

  it('shows a login page for the system browser: a form naming the client and the scopes', async () => {
    const shown = await getAuthorize(ctx.idp, authorizeParams({ code_challenge: pkcePair().challenge }));
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toContain('text/html');
    expect(shown.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(shown.html).toContain('<form method="post" action="/oauth/authorize">');
    expect(shown.html).toContain('tokenstorm desktop');
    expect(shown.html).toContain('<code>notes:read</code>');
    expect(shown.txn).toMatch(/^txn_/);
  });

  it('redirects to a loopback redirect URI on any port with the code, the state as given and iss (RFC 8252 §7.3, RFC 9207)', async () => {
    for (const redirect of [LOOPBACK, 'http://127.0.0.1:40001/callback', 'http://[::1]:40002/callback']) {
      const location = await signInThroughPage(ctx.idp, authorizeParams({ redirect_uri: redirect, code_challenge: pkcePair().challenge, state: 'a b&c' }));
      expect(`${location.origin}${location.pathname}`).toBe(new URL(redirect).origin + '/callback');
      expect(location.searchParams.get('code')).toMatch(/^ac_/);
      expect(location.searchParams.get('state')).toBe('a b&c');
      expect(location.searchParams.get('iss')).toBe(ctx.idp.url);
    }
  });

  it('redirects to a private-use scheme only when it matches exactly (RFC 8252 §7.1)', async () => {
    const location = await signInThroughPage(ctx.idp, authorizeParams({ redirect_uri: 'tokenstorm://callback', code_challenge: pkcePair().challenge }));
    expect(location.href).toMatch(/^tokenstorm:\/\/callback\?code=ac_/);
    const wrong = await getAuthorize(ctx.idp, authorizeParams({ redirect_uri: 'tokenstorm://callback/evil', code_challenge: pkcePair().challenge }));
    expect(wrong.status).toBe(400);
    expect(wrong.location).toBeUndefined();
  });

  it('never redirects for an unknown client or an unregistered redirect URI: it shows an error page with 400', async () => {
    const unknown = await getAuthorize(ctx.idp, authorizeParams({ client_id: 'nobody', code_challenge: pkcePair().challenge }));
    expect(unknown).toMatchObject({ status: 400, location: undefined, oauthError: 'invalid_client' });
    for (const redirect of ['https://evil.example/callback', 'http://127.0.0.1:5000/other', 'http://localhost:5000/callback']) {
      const refused = await getAuthorize(ctx.idp, authorizeParams({ redirect_uri: redirect, code_challenge: pkcePair().challenge }));
      expect(refused).toMatchObject({ status: 400, location: undefined, oauthError: 'invalid_request' });
    }
    const missing = await getAuthorize(ctx.idp, authorizeParams({ client_id: undefined }));
    expect(missing).toMatchObject({ status: 400, location: undefined, oauthError: 'invalid_request' });
  });

  it('sends error=access_denied with the state when the user cancels', async () => {
    const shown = await getAuthorize(ctx.idp, authorizeParams({ code_challenge: pkcePair().challenge }));
    const cancelled = await postPage(ctx.idp, '/oauth/authorize', { txn: shown.txn!, action: 'deny' });
    expect(cancelled.status).toBe(303);
    expect(cancelled.location!.searchParams.get('error')).toBe('access_denied');
    expect(cancelled.location!.searchParams.get('state')).toBe('state-123');
    expect(cancelled.location!.searchParams.has('code')).toBe(false);
  });

  it('shows the page again with 401 for a wrong password, and the same page still works', async () => {
    const shown = await getAuthorize(ctx.idp, authorizeParams({ code_challenge: pkcePair().challenge }));
    const wrong = await postPage(ctx.idp, '/oauth/authorize', { txn: shown.txn!, email: DEMO.email, password: 'wrong-password', action: 'approve' });
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('Wrong email, username or password');
    const right = await postPage(ctx.idp, '/oauth/authorize', { txn: shown.txn!, email: DEMO.username, password: DEMO.password, action: 'approve' });
    expect(right.status).toBe(303);
    expect(right.location!.searchParams.get('code')).toMatch(/^ac_/);
    const replay = await postPage(ctx.idp, '/oauth/authorize', { txn: shown.txn!, email: DEMO.email, password: DEMO.password, action: 'approve' });
    expect(replay).toMatchObject({ status: 400, location: undefined, oauthError: 'invalid_request' });
  });

  it('returns request errors to a trusted redirect URI with the state (RFC 6749 §4.1.2.1)', async () => {
    const cases: Array<[Record<string, string | undefined>, string]> = [
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ response_type: undefined }, 'invalid_request'],
      [{ scope: 'openid admin:all' }, 'invalid_scope'],
      [{ prompt: 'none' }, 'login_required'],
      // OIDC Core §3.1.2.1: none with any other value is an error.
      [{ prompt: 'none login' }, 'invalid_request'],
      // OIDC Core §6.1, §6.2: request objects are refused, not ignored.
      [{ request: 'eyJhbGciOiJub25lIn0.e30.' }, 'request_not_supported'],
      [{ request_uri: 'https://app.example/request.jwt' }, 'request_uri_not_supported'],
      // Not in response_modes_supported.
      [{ response_mode: 'form_post' }, 'invalid_request'],
      [{ response_mode: 'fragment' }, 'invalid_request'],
    ];
    for (const [overrides, error] of cases) {
      const response = await getAuthorize(ctx.idp, authorizeParams({ code_challenge: pkcePair().challenge, ...overrides }));
      expect(response.status, error).toBe(303);
      expect(response.location!.searchParams.get('error')).toBe(error);
      expect(response.location!.searchParams.get('state')).toBe('state-123');
    }
  });

  it('writes error_description in the characters RFC 6749 §4.1.2.1 allows, still naming the offending scope', async () => {
    const response = await getAuthorize(ctx.idp, authorizeParams({ code_challenge: pkcePair().challenge, scope: 'openid \u00fc' }));
    expect(response.location!.searchParams.get('error')).toBe('invalid_scope');
    expect(response.location!.searchParams.get('error_description')).toBe("the scope 'U+00FC' is not a valid scope token (RFC 6749 section 3.3)");
    const explicitQuery = await getAuthorize(ctx.idp, authorizeParams({ code_challenge: pkcePair().challenge, response_mode: 'query' }));
    expect(explicitQuery.status).toBe(200);
  });

  it('takes the authorization request as a form POST too (OIDC Core §3.1.2.1), then signs in as from a GET', async () => {
    const { verifier, challenge } = pkcePair();
    const shown = await postPage(ctx.idp, '/oauth/authorize', authorizeParams({ code_challenge: challenge }));
    expect(shown.status).toBe(200);
    expect(shown.txn).toMatch(/^txn_/);
    const signedIn = await postPage(ctx.idp, '/oauth/authorize', { txn: shown.txn!, email: DEMO.email, password: DEMO.password, action: 'approve' });
    expect(signedIn.status).toBe(303);
    const code = signedIn.location!.searchParams.get('code')!;
    const tokens = await form(ctx.idp, '/oauth/token', { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: DESKTOP, redirect_uri: LOOPBACK });
    expect(tokens.status).toBe(200);
    // Its errors are answered as a GET's: back to a trusted redirect URI, else on the error page.
    const refused = await postPage(ctx.idp, '/oauth/authorize', authorizeParams({ code_challenge: challenge, response_type: 'token' }));
    expect(refused.location!.searchParams.get('error')).toBe('unsupported_response_type');
    const untrusted = await postPage(ctx.idp, '/oauth/authorize', authorizeParams({ client_id: 'nobody' }));
    expect(untrusted).toMatchObject({ status: 400, location: undefined, oauthError: 'invalid_client' });
  });

  it('names the real problem for a client with no redirect URI, on the error page: it may not use the code grant (unauthorized_client)', async () => {
    const backend = await getAuthorize(ctx.idp, { response_type: 'code', client_id: 'tokenstorm-backend' });
    expect(backend).toMatchObject({ status: 400, location: undefined, oauthError: 'unauthorized_client' });
    expect(backend.html).toContain('may not use the authorization code grant: it has no registered redirect URI');
    expect(backend.html).not.toContain('several registered redirect URIs');
  });

  it('uses a login page once: the same page posted three times at once signs in once and issues one code', async () => {
    const shown = await getAuthorize(ctx.idp, authorizeParams({ code_challenge: pkcePair().challenge }));
    const posts = await Promise.all([0, 1, 2].map(() =>
      postPage(ctx.idp, '/oauth/authorize', { txn: shown.txn!, email: DEMO.email, password: DEMO.password, action: 'approve' })));
    const codes = posts.filter((posted) => posted.location?.searchParams.has('code'));
    expect(codes).toHaveLength(1);
    expect(posts.filter((posted) => posted.status === 400 && posted.oauthError === 'invalid_request')).toHaveLength(2);
    const state = ctx.idp.admin.state();
    expect(state.sessions).toHaveLength(1);
    expect(state.families).toHaveLength(1);
  });

  it('answers a form post Fastify refuses before the route (body too large, malformed Content-Type) with the error page, 400 and no-store', async () => {
    const post = (headers: Record<string, string>, body: string) => fetch(`${ctx.idp.url}/oauth/authorize`, { method: 'POST', headers, body, redirect: 'manual' });
    const tooLarge = await post({ 'content-type': 'application/x-www-form-urlencoded' }, `txn=${'a'.repeat(70_000)}`);
    const malformed = await post({ 'content-type': 'not a media type' }, 'txn=x');
    for (const response of [tooLarge, malformed]) {
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).toContain('data-oauth-error="invalid_request"');
    }
  });

  it('issues an ID token signed with the key in the JWKS, carrying the nonce', async () => {
    const { tokens } = await codeFlow(ctx.idp, { nonce: 'n-0S6_WzA2Mj' });
    expect(tokens.status).toBe(200);
    const jwks = await call(ctx.idp, 'GET', '/oauth/jwks');
    const { payload } = await jwtVerify(tokens.body.id_token as string, createLocalJWKSet(jwks.body as never), {
      issuer: ctx.idp.url, audience: DESKTOP, currentDate: new Date(ctx.idp.admin.clock.now()),
    });
    expect(payload).toMatchObject({ nonce: 'n-0S6_WzA2Mj', email: DEMO.email, sub: expect.any(String) });
  });
});

describe('PKCE RFC 7636', () => {
  const ctx = useIdp({ clients });

  async function codeFor(overrides: Record<string, string | undefined>) {
    const location = await signInThroughPage(ctx.idp, authorizeParams(overrides));
    return location.searchParams.get('code')!;
  }

  function redeem(code: string, extra: Record<string, string>, redirect = LOOPBACK, clientId = DESKTOP) {
    return form(ctx.idp, '/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: clientId, ...extra });
  }

  it('§4.4.1: a public client must send a code_challenge: invalid_request', async () => {
    const response = await getAuthorize(ctx.idp, authorizeParams({ code_challenge_method: undefined }));
    expect(response.status).toBe(303);
    expect(response.location!.searchParams.get('error')).toBe('invalid_request');
    expect(response.location!.searchParams.get('error_description')).toContain('PKCE');
  });

  it('§4.2: plain is refused unless the client is configured to allow it', async () => {
    const challenge = pkcePair().verifier;
    const refused = await getAuthorize(ctx.idp, authorizeParams({ code_challenge: challenge, code_challenge_method: 'plain' }));
    expect(refused.location!.searchParams.get('error')).toBe('invalid_request');
    const defaulted = await getAuthorize(ctx.idp, authorizeParams({ code_challenge: challenge, code_challenge_method: undefined }));
    expect(defaulted.location!.searchParams.get('error')).toBe('invalid_request');
    const unknown = await getAuthorize(ctx.idp, authorizeParams({ code_challenge: challenge, code_challenge_method: 'S512' }));
    expect(unknown.location!.searchParams.get('error')).toBe('invalid_request');

    const code = await codeFor({ client_id: 'legacy-plain', redirect_uri: 'http://127.0.0.1:1234/cb', scope: 'openid', code_challenge: challenge, code_challenge_method: 'plain' });
    const redeemed = await redeem(code, { code_verifier: challenge }, 'http://127.0.0.1:1234/cb', 'legacy-plain');
    expect(redeemed.status).toBe(200);
  });

  it('§4.6: the right S256 verifier gets tokens; a wrong one is 400 invalid_grant', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await codeFor({ code_challenge: challenge });
    const wrong = await redeem(code, { code_verifier: pkcePair().verifier });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: 'invalid_grant', code: 'PKCE_FAILED' });
    const right = await redeem(code, { code_verifier: verifier });
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'openid profile email notes:read' });
    expect(right.body.refresh_token).toMatch(/^rt_/);
    expect(right.headers.get('cache-control')).toBe('no-store');
  });

  it('§4.6: a missing verifier is 400 invalid_grant; a malformed one is 400 invalid_request', async () => {
    const code = await codeFor({ code_challenge: pkcePair().challenge });
    const missing = await redeem(code, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_grant');
    const malformed = await redeem(code, { code_verifier: 'too-short' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('invalid_request');
  });

  it('refuses a verifier for a code issued without a challenge (downgrade, RFC 9700 §4.8.2): 400 invalid_grant', async () => {
    const location = await signInThroughPage(ctx.idp, { response_type: 'code', client_id: 'web-app', redirect_uri: 'https://app.example/cb', scope: 'openid' });
    const code = location.searchParams.get('code')!;
    const response = await form(ctx.idp, '/oauth/token', {
      grant_type: 'authorization_code', code, redirect_uri: 'https://app.example/cb', code_verifier: pkcePair().verifier,
    }, { basic: ['web-app', 'web-app-secret'] });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_grant', code: 'PKCE_FAILED' });
  });
});

describe('authorization code (RFC 6749 §4.1.2-4.1.3)', () => {
  const ctx = useIdp({ clients });

  it('is single-use: a second redemption is 400 invalid_grant and revokes what the first one issued', async () => {
    const { tokens, verifier, code } = await codeFlow(ctx.idp);
    expect(tokens.status).toBe(200);
    const access = tokens.body.access_token as string;
    expect((await call(ctx.idp, 'GET', '/api/notes', { token: access })).status).toBe(200);
    const again = await form(ctx.idp, '/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: LOOPBACK, client_id: DESKTOP, code_verifier: verifier });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: 'invalid_grant', code: 'AUTHORIZATION_CODE_REUSED' });
    expect((await call(ctx.idp, 'GET', '/api/notes', { token: access })).status).toBe(401);
    const refreshed = await form(ctx.idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token as string, client_id: DESKTOP });
    expect(refreshed.status).toBe(400);
    expect(refreshed.body.error).toBe('invalid_grant');
  });

  it('is short-lived: after authorizationCodeTtl of virtual time it is 400 invalid_grant', async () => {
    const { verifier, challenge } = pkcePair();
    const location = await signInThroughPage(ctx.idp, authorizeParams({ code_challenge: challenge }));
    await ctx.idp.admin.clock.advance('61s');
    const response = await form(ctx.idp, '/oauth/token', {
      grant_type: 'authorization_code', code: location.searchParams.get('code')!, redirect_uri: LOOPBACK, client_id: DESKTOP, code_verifier: verifier,
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_grant', code: 'AUTHORIZATION_CODE_INVALID' });
  });

  it('is bound to its redirect URI and its client: 400 invalid_grant otherwise', async () => {
    const { verifier, challenge } = pkcePair();
    const location = await signInThroughPage(ctx.idp, authorizeParams({ code_challenge: challenge }));
    const code = location.searchParams.get('code')!;
    const base = { grant_type: 'authorization_code', code, code_verifier: verifier };
    const otherPort = await form(ctx.idp, '/oauth/token', { ...base, client_id: DESKTOP, redirect_uri: 'http://127.0.0.1:1/callback' });
    expect(otherPort.status).toBe(400);
    expect(otherPort.body).toMatchObject({ error: 'invalid_grant', code: 'REDIRECT_URI_MISMATCH' });
    const omitted = await form(ctx.idp, '/oauth/token', { ...base, client_id: DESKTOP });
    expect(omitted.body).toMatchObject({ error: 'invalid_grant', code: 'REDIRECT_URI_MISMATCH' });
    const otherClient = await form(ctx.idp, '/oauth/token', { ...base, client_id: 'other-desktop', redirect_uri: LOOPBACK });
    expect(otherClient.status).toBe(400);
    const unknown = await form(ctx.idp, '/oauth/token', { ...base, code: 'ac_never-issued', client_id: 'other-desktop', redirect_uri: LOOPBACK });
    expect(unknown.status).toBe(400);
    // Another client's code is answered exactly as an unknown one (the answer does not confirm it), and is not spent.
    expect(otherClient.body).toEqual(unknown.body);
    expect(otherClient.body).toMatchObject({ error: 'invalid_grant', code: 'AUTHORIZATION_CODE_INVALID' });
    const redeemed = await form(ctx.idp, '/oauth/token', { ...base, client_id: DESKTOP, redirect_uri: LOOPBACK });
    expect(redeemed.status).toBe(200);
    // Replayed by another client, a spent code is still not that client's reuse: what it issued lives on.
    const replayed = await form(ctx.idp, '/oauth/token', { ...base, client_id: 'other-desktop', redirect_uri: LOOPBACK });
    expect(replayed.body).toEqual(unknown.body);
    expect((await call(ctx.idp, 'GET', '/api/me', { token: redeemed.body.access_token as string })).status).toBe(200);
    // By its own client, it is (RFC 6749 §4.1.2).
    const reused = await form(ctx.idp, '/oauth/token', { ...base, client_id: DESKTOP, redirect_uri: LOOPBACK });
    expect(reused.body).toMatchObject({ error: 'invalid_grant', code: 'AUTHORIZATION_CODE_REUSED' });
    expect((await call(ctx.idp, 'GET', '/api/me', { token: redeemed.body.access_token as string })).status).toBe(401);
  });

  it('records the flow as events with fingerprints, never codes or tokens', async () => {
    const { tokens, code } = await codeFlow(ctx.idp);
    const events = ctx.idp.admin.events.list({ type: 'request' });
    expect(events.map((event) => [event.group, event.outcome])).toEqual(expect.arrayContaining([
      ['authorize', 'login-page'], ['authorize', 'code-issued'], ['token', 'code-redeemed'],
    ]));
    const redeemed = events.find((event) => event.outcome === 'code-redeemed')!;
    expect(redeemed).toMatchObject({ clientId: DESKTOP, status: 200, presentedFp: expect.stringMatching(/^fp:/), issuedFps: { access: expect.stringMatching(/^fp:/), refresh: expect.stringMatching(/^fp:/) } });
    const dump = JSON.stringify(events);
    for (const secret of [code, tokens.body.access_token, tokens.body.refresh_token, tokens.body.id_token, DEMO.password] as string[]) expect(dump).not.toContain(secret);
  });
});
