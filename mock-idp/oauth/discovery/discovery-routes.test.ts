import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { call, DEMO, useIdp } from '../../test-support.ts';
import { codeFlow } from '../oauth-test-support.ts';

describe('OIDC discovery, JWKS and userinfo', () => {
  const ctx = useIdp();

  it('serves one metadata document at both well-known paths (OIDC Discovery §4, RFC 8414 §3)', async () => {
    const oidc = await call(ctx.idp, 'GET', '/.well-known/openid-configuration');
    expect(oidc.status).toBe(200);
    expect(oidc.body).toMatchObject({
      issuer: ctx.idp.url,
      authorization_endpoint: `${ctx.idp.url}/oauth/authorize`,
      token_endpoint: `${ctx.idp.url}/oauth/token`,
      device_authorization_endpoint: `${ctx.idp.url}/oauth/device_authorization`,
      revocation_endpoint: `${ctx.idp.url}/oauth/revoke`,
      introspection_endpoint: `${ctx.idp.url}/oauth/introspect`,
      jwks_uri: `${ctx.idp.url}/oauth/jwks`,
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'],
      authorization_response_iss_parameter_supported: true,
      // OIDC Discovery: request_uri_parameter_supported defaults to true, so false must be said.
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      response_modes_supported: ['query'],
    });
    expect(oidc.body.grant_types_supported).toContain('urn:ietf:params:oauth:grant-type:device_code');
    expect((await call(ctx.idp, 'GET', '/.well-known/oauth-authorization-server')).body).toEqual(oidc.body);
  });

  it('publishes the public key that verifies access tokens, and no private part', async () => {
    const jwks = await call(ctx.idp, 'GET', '/oauth/jwks');
    expect(jwks.body.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String) })]);
    expect(JSON.stringify(jwks.body)).not.toContain('"d"');
    const { tokens } = await codeFlow(ctx.idp);
    const { payload } = await jwtVerify(tokens.body.access_token as string, createLocalJWKSet(jwks.body as never), { currentDate: new Date(ctx.idp.admin.clock.now()) });
    expect(payload.client_id).toBe('tokenstorm-desktop');
  });

  it('answers userinfo by the scopes of the access token (OIDC Core §5.3)', async () => {
    const { tokens } = await codeFlow(ctx.idp, { scope: 'openid email' });
    const info = await call(ctx.idp, 'GET', '/oauth/userinfo', { token: tokens.body.access_token as string });
    expect(info.status).toBe(200);
    expect(info.body).toEqual({ sub: expect.any(String), email: DEMO.email, email_verified: true });
  });

  it('refuses userinfo without a token (401 invalid_token) or without the openid scope (403 insufficient_scope)', async () => {
    const none = await call(ctx.idp, 'GET', '/oauth/userinfo');
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('invalid_token');
    const { tokens } = await codeFlow(ctx.idp, { scope: 'notes:read' });
    const noOpenid = await call(ctx.idp, 'GET', '/oauth/userinfo', { token: tokens.body.access_token as string });
    expect(noOpenid.status).toBe(403);
    expect(noOpenid.body.error).toBe('insufficient_scope');
  });
});
