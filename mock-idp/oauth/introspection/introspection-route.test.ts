import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENTS } from '../clients/client-schema.ts';
import { DEMO, useIdp } from '../../test-support.ts';
import { BACKEND, codeFlow, DESKTOP, form } from '../oauth-test-support.ts';

describe('Token Introspection RFC 7662', () => {
  const ctx = useIdp({ clients: [...DEFAULT_CLIENTS, { id: 'other-desktop', redirectUris: ['http://127.0.0.1/callback'] }] });
  const introspect = (token: string, auth: { clientId?: string; basic?: [string, string] } = { basic: [BACKEND.id, BACKEND.secret] }) =>
    form(ctx.idp, '/oauth/introspect', { token, ...(auth.clientId ? { client_id: auth.clientId } : {}) }, auth.basic ? { basic: auth.basic } : {});

  it('§2.2: describes an active access token', async () => {
    const { tokens } = await codeFlow(ctx.idp);
    const response = await introspect(tokens.body.access_token as string);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toMatchObject({
      active: true, token_type: 'Bearer', client_id: DESKTOP, scope: 'openid profile email notes:read', username: DEMO.username,
      iss: ctx.idp.url, exp: expect.any(Number), iat: expect.any(Number), sub: expect.any(String), jti: expect.any(String),
    });
  });

  it('§2.2: describes an active refresh token, and a rotated one as inactive', async () => {
    const { tokens } = await codeFlow(ctx.idp);
    const active = await introspect(tokens.body.refresh_token as string);
    expect(active.body).toMatchObject({ active: true, token_type: 'refresh_token', client_id: DESKTOP });
    await form(ctx.idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token as string, client_id: DESKTOP });
    expect((await introspect(tokens.body.refresh_token as string)).body).toEqual({ active: false });
  });

  it('§2.2: answers only {"active": false} for expired (virtual clock), revoked and unknown tokens', async () => {
    const { tokens } = await codeFlow(ctx.idp);
    await ctx.idp.admin.clock.advance('16m');
    expect((await introspect(tokens.body.access_token as string)).body).toEqual({ active: false });
    await form(ctx.idp, '/oauth/revoke', { token: tokens.body.refresh_token as string, client_id: DESKTOP });
    expect((await introspect(tokens.body.refresh_token as string)).body).toEqual({ active: false });
    expect((await introspect('garbage')).body).toEqual({ active: false });
  });

  it('§2.1: a public client may introspect its own tokens only', async () => {
    const { tokens } = await codeFlow(ctx.idp);
    expect((await introspect(tokens.body.access_token as string, { clientId: DESKTOP })).body.active).toBe(true);
    expect((await introspect(tokens.body.access_token as string, { clientId: 'other-desktop' })).body).toEqual({ active: false });
  });

  it('§2.1-2.3: needs client authentication (401 invalid_client) and the token parameter (400 invalid_request)', async () => {
    const anonymous = await form(ctx.idp, '/oauth/introspect', { token: 'x' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('invalid_client');
    const wrong = await introspect('x', { basic: [BACKEND.id, 'wrong-secret'] });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    const missing = await form(ctx.idp, '/oauth/introspect', {}, { basic: [BACKEND.id, BACKEND.secret] });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
  });
});
