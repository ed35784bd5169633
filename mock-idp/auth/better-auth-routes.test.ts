import { describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { createAuthClient } from 'better-auth/client';
import { usernameClient } from 'better-auth/client/plugins';
import { call, DEMO, refresh, useIdp } from '../test-support.ts';
import { BACKEND, codeFlow, DESKTOP, form } from '../oauth/oauth-test-support.ts';
import { fingerprint } from '../tokens/fingerprint.ts';

/** The recipe's auth client: better-auth's own client with the Bearer `onRequest` hook. */
function recipeClient(url: string, tokens: { access: string | null }) {
  return createAuthClient({
    baseURL: url,
    plugins: [usernameClient()],
    fetchOptions: {
      headers: { origin: url },
      onRequest: async (context) => {
        if (tokens.access) context.headers.set('Authorization', `Bearer ${tokens.access}`);
      },
    },
  });
}

describe('better-auth at /api/auth/* with the recipe client', () => {
  const ctx = useIdp();

  it('signs in, gets the session with Bearer, lists sessions and signs out', async () => {
    const tokens = { access: null as string | null };
    const client = recipeClient(ctx.idp.url, tokens);
    const signedIn = await client.signIn.email({ email: DEMO.email, password: DEMO.password });
    expect(signedIn.error).toBeNull();
    tokens.access = signedIn.data!.token;

    const session = await client.getSession();
    expect(session.data?.user.email).toBe(DEMO.email);
    expect((await client.listSessions()).data).toHaveLength(1);

    expect((await client.signOut()).data).toEqual({ success: true });
    expect((await client.getSession()).data).toBeNull();
    expect(ctx.idp.admin.state().families.at(-1)).toMatchObject({ status: 'revoked', revokedReason: 'signed-out' });
  });

  it('never answers get-session or list-sessions with a raw session token: each leaves as its fingerprint', async () => {
    const tokens = { access: null as string | null };
    const client = recipeClient(ctx.idp.url, tokens);
    const first = (await client.signIn.email({ email: DEMO.email, password: DEMO.password })).data!.token;
    const second = (await client.signIn.email({ email: DEMO.email, password: DEMO.password })).data!.token;
    tokens.access = (await refresh(ctx.idp, first)).body.accessToken as string;

    const response = await fetch(`${ctx.idp.url}/api/auth/list-sessions`, { headers: { authorization: `Bearer ${tokens.access}`, origin: ctx.idp.url } });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain(first);
    expect(text).not.toContain(second);
    expect(response.headers.get('set-auth-token')).toBeNull();
    expect((JSON.parse(text) as Array<{ token: string }>).map((session) => session.token).sort()).toEqual([fingerprint(first), fingerprint(second)].sort());

    const session = await client.getSession();
    expect(session.data?.user.email).toBe(DEMO.email);
    expect(session.data?.session.token).toBe(fingerprint(first));
    // What the answer shows cannot be presented back as a refresh token, but it does name a session to revoke.
    expect((await refresh(ctx.idp, session.data!.session.token)).body.code).toBe('REFRESH_TOKEN_UNKNOWN');
    expect((await client.revokeSession({ token: fingerprint(second) })).data).toEqual({ status: true });
    expect((await refresh(ctx.idp, second)).body.code).toBe('REFRESH_TOKEN_REVOKED');
    expect((await client.listSessions()).data).toHaveLength(1);
  });

  it('hides session tokens whatever the request line dresses the path in: a query string or dot segments naming sign-in', async () => {
    const token = (await recipeClient(ctx.idp.url, { access: null }).signIn.email({ email: DEMO.email, password: DEMO.password })).data!.token;
    const access = (await refresh(ctx.idp, token)).body.accessToken as string;
    // fetch would resolve the dot segments itself; node:http sends the request line as written.
    const raw = (path: string) =>
      new Promise<{ status: number; text: string; setAuthToken: unknown }>((resolve, reject) => {
        const url = new URL(ctx.idp.url);
        const request = httpRequest({ host: url.hostname, port: url.port, path, headers: { authorization: `Bearer ${access}`, origin: ctx.idp.url } }, (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, text, setAuthToken: response.headers['set-auth-token'] }));
        });
        request.on('error', reject).end();
      });
    for (const path of ['/api/auth/list-sessions?x=/sign-in/', '/api/auth/get-session?next=/api/auth/sign-up/email', '/api/auth/sign-in/../list-sessions', '/api/auth/sign-in/%2e%2e/get-session']) {
      const answer = await raw(path);
      expect(answer.status, path).toBe(200);
      expect(answer.text, path).toContain(fingerprint(token));
      expect(answer.text, path).not.toContain(token);
      expect(answer.setAuthToken, path).toBeUndefined();
    }
  });

  it('keeps working after a rotation: the new access token stands in for the session it belongs to', async () => {
    const tokens = { access: null as string | null };
    const client = recipeClient(ctx.idp.url, tokens);
    const signedIn = await client.signIn.email({ email: DEMO.email, password: DEMO.password });
    const rotated = await refresh(ctx.idp, signedIn.data!.token);
    tokens.access = rotated.body.accessToken as string;

    expect((await client.getSession()).data?.user.email).toBe(DEMO.email);
    await client.signOut();
    // Signing out with the access token ends the family: its refresh token is dead.
    expect((await refresh(ctx.idp, rotated.body.refreshToken as string)).body.code).toBe('REFRESH_TOKEN_REVOKED');
  });

  it('answers get-session with an expired access token with 401, as the recipe expects of an invalid session', async () => {
    const tokens = { access: null as string | null };
    const client = recipeClient(ctx.idp.url, tokens);
    const signedIn = await client.signIn.email({ email: DEMO.email, password: DEMO.password });
    tokens.access = (await refresh(ctx.idp, signedIn.data!.token)).body.accessToken as string;
    await ctx.idp.admin.clock.advance('16m');
    const session = await client.getSession();
    expect(session.error?.status).toBe(401);
  });

  it('revokes another session through better-auth, which ends that family', async () => {
    const tokens = { access: null as string | null };
    const client = recipeClient(ctx.idp.url, tokens);
    const laptop = await client.signIn.email({ email: DEMO.email, password: DEMO.password });
    const desktop = await client.signIn.email({ email: DEMO.email, password: DEMO.password });
    tokens.access = desktop.data!.token;
    expect((await client.revokeSession({ token: laptop.data!.token })).error).toBeNull();
    expect((await refresh(ctx.idp, laptop.data!.token)).body.code).toBe('REFRESH_TOKEN_REVOKED');
    expect((await refresh(ctx.idp, desktop.data!.token)).status).toBe(200);
  });

  it('refuses a wrong password without issuing a session', async () => {
    const client = recipeClient(ctx.idp.url, { access: null });
    const attempt = await client.signIn.email({ email: DEMO.email, password: 'wrong-password' });
    expect(attempt.error?.status).toBe(401);
    expect(ctx.idp.admin.state().families).toHaveLength(0);
  });

  it('answers every /api/auth/* call with Cache-Control: no-store, the session token of sign-in and sign-up first', async () => {
    const signUp = await call(ctx.idp, 'POST', '/api/auth/sign-up/email', { body: { email: 'lin@example.test', password: 'lin-password-1', name: 'Lin' } });
    const signIn = await call(ctx.idp, 'POST', '/api/auth/sign-in/email', { body: { email: DEMO.email, password: DEMO.password } });
    const wrong = await call(ctx.idp, 'POST', '/api/auth/sign-in/email', { body: { email: DEMO.email, password: 'wrong-password' } });
    const session = await call(ctx.idp, 'GET', '/api/auth/get-session', { token: signIn.body.token as string });
    expect([signUp.status, signIn.status, wrong.status, session.status]).toEqual([200, 200, 401, 200]);
    expect(signIn.body.token).toEqual(expect.any(String));
    for (const response of [signUp, signIn, wrong, session]) expect(response.headers.get('cache-control')).toBe('no-store');
    // better-auth's own 401 gets the challenge RFC 9110 §15.5.2 requires.
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="tokenstorm"');
  });

  it("answers a path better-auth has no endpoint for with the IdP's 404, naming it, not better-auth's bare null", async () => {
    for (const [method, path] of [['GET', '/api/auth/no-such-endpoint'], ['DELETE', '/api/auth/sign-in/nobody'], ['POST', '/api/auth/no-such-endpoint']] as const) {
      const response = await call(ctx.idp, method, path, method === 'POST' ? { body: {} } : {});
      expect(response.status, path).toBe(404);
      expect(response.body, path).toMatchObject({ error: 'not_found', error_description: `no endpoint answers ${method} ${path} (better-auth has none there)` });
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('signs up new users, and signs in by username', async () => {
    const client = recipeClient(ctx.idp.url, { access: null });
    const signedUp = await client.signUp.email({ email: 'grace@example.test', password: 'hopper-1906', name: 'Grace', username: 'grace' });
    expect(signedUp.error).toBeNull();
    const byUsername = await client.signIn.username({ username: 'ada', password: DEMO.password });
    expect(byUsername.data?.token).toBeTruthy();
  });
});

describe('least privilege at the account API and /api/me', () => {
  const ctx = useIdp();
  const narrowed = async (scope: string) => {
    const { tokens } = await codeFlow(ctx.idp, { scope: 'openid profile email notes:read notes:write' });
    const response = await form(ctx.idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token as string, client_id: DESKTOP, scope });
    expect(response.status).toBe(200);
    return { narrow: response.body.access_token as string, full: tokens.body.access_token as string };
  };

  it('refuses a token without "openid" (one narrowed to notes, a broker token) the whole session: 403 insufficient_scope, nothing changed', async () => {
    const { narrow, full } = await narrowed('notes:read');
    const rename = await call(ctx.idp, 'POST', '/api/auth/update-user', { token: narrow, body: { name: 'Mallory' }, headers: { origin: ctx.idp.url } });
    expect(rename.status).toBe(403);
    expect(rename.body).toMatchObject({ error: 'insufficient_scope', error_description: "the account API (/api/auth/*) needs the scope 'openid'; this token has 'notes:read'" });
    expect(rename.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    for (const path of ['/api/auth/get-session', '/api/auth/list-sessions', '/api/me']) {
      expect((await call(ctx.idp, 'GET', path, { token: narrow })).status, path).toBe(403);
    }
    expect((await call(ctx.idp, 'GET', '/api/notes', { token: narrow })).status).toBe(200);
    // The user is who they were, and the token the user granted in full still reaches the account.
    const me = await call(ctx.idp, 'GET', '/api/me', { token: full });
    expect(me.status).toBe(200);
    expect((me.body.user as { name: string }).name).toBe(DEMO.name);
    expect((await call(ctx.idp, 'GET', '/api/auth/get-session', { token: full })).status).toBe(200);
  });

  it('tells a client_credentials token it acts for its client, at the account API as at /api/me', async () => {
    const service = await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials', scope: 'notes:read' }, { basic: [BACKEND.id, BACKEND.secret] });
    const token = service.body.access_token as string;
    for (const path of ['/api/auth/get-session', '/api/me', '/oauth/userinfo']) {
      const response = await call(ctx.idp, 'GET', path, { token });
      expect(response.status, path).toBe(403);
      expect(response.body.error_description, path).toBe(`a client_credentials token acts for the client ${BACKEND.id}, not for a user`);
    }
  });
});
