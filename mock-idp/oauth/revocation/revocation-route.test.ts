import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENTS } from '../clients/client-schema.ts';
import { call, useIdp } from '../../test-support.ts';
import { BACKEND, codeFlow, DESKTOP, form } from '../oauth-test-support.ts';

describe('Token Revocation RFC 7009', () => {
  const ctx = useIdp({ clients: [...DEFAULT_CLIENTS, { id: 'other-desktop', redirectUris: ['http://127.0.0.1/callback'] }] });
  const revoke = (token: string, extra: Record<string, string> = {}, clientId = DESKTOP) => form(ctx.idp, '/oauth/revoke', { token, client_id: clientId, ...extra });
  const refresh = (token: string) => form(ctx.idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: token, client_id: DESKTOP });

  it('§2.1: revoking a refresh token revokes its whole grant: refresh and access tokens stop working', async () => {
    const { tokens } = await codeFlow(ctx.idp);
    const rotated = await refresh(tokens.body.refresh_token as string);
    const response = await revoke(rotated.body.refresh_token as string, { token_type_hint: 'refresh_token' });
    expect(response.status).toBe(200);
    const after = await refresh(rotated.body.refresh_token as string);
    expect(after.status).toBe(400);
    expect(after.body).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_TOKEN_REVOKED' });
    expect((await call(ctx.idp, 'GET', '/api/me', { token: rotated.body.access_token as string })).status).toBe(401);
    expect(ctx.idp.admin.state().families.find((family) => family.clientId === DESKTOP)?.revokedReason).toBe('revoked-by-client');
  });

  it('§2.1: revoking an access token makes the resource API refuse it; the refresh token keeps working', async () => {
    const { tokens } = await codeFlow(ctx.idp);
    const access = tokens.body.access_token as string;
    // A wrong hint only orders the search.
    expect((await revoke(access, { token_type_hint: 'refresh_token' })).status).toBe(200);
    const refused = await call(ctx.idp, 'GET', '/api/me', { token: access });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_token');
    expect((await refresh(tokens.body.refresh_token as string)).status).toBe(200);
  });

  it('§2.2: an unknown, already revoked or expired token answers 200', async () => {
    expect((await revoke('rt_never-issued')).status).toBe(200);
    const { tokens } = await codeFlow(ctx.idp);
    expect((await revoke(tokens.body.refresh_token as string)).status).toBe(200);
    expect((await revoke(tokens.body.refresh_token as string)).status).toBe(200);
    await ctx.idp.admin.clock.advance('16m');
    expect((await revoke(tokens.body.access_token as string)).status).toBe(200);
    const outcomes = ctx.idp.admin.events.list({ type: 'request' }).filter((event) => event.group === 'revoke').map((event) => event.outcome);
    expect(outcomes).toEqual(['revoke-noop', 'revoked', 'revoke-noop', 'revoke-noop']);
  });

  it('§2.1: refuses to revoke another client’s token (400 unauthorized_client) and leaves it working', async () => {
    const { tokens } = await codeFlow(ctx.idp);
    const response = await revoke(tokens.body.refresh_token as string, {}, 'other-desktop');
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('unauthorized_client');
    expect((await refresh(tokens.body.refresh_token as string)).status).toBe(200);
  });

  it('§2.1: authenticates the client (401 invalid_client) and needs the token parameter (400 invalid_request)', async () => {
    const unknown = await form(ctx.idp, '/oauth/revoke', { token: 'x', client_id: 'nobody' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('invalid_client');
    const wrongSecret = await form(ctx.idp, '/oauth/revoke', { token: 'x' }, { basic: [BACKEND.id, 'not-the-secret'] });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error).toBe('invalid_client');
    const missing = await form(ctx.idp, '/oauth/revoke', { client_id: DESKTOP });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
  });
});
