/**
 * An independent, spec-compliant relying party — openid-client, not code of
 * ours — completes every flow against the mock IdP: discovery; authorization
 * code + PKCE with the login page driven in Chromium (the system browser) and a
 * loopback redirect listener (RFC 8252 §7.3); userinfo; refresh with rotation;
 * introspection; revocation; and the device flow with its user-code page. And
 * DPoP (RFC 9449) with server nonces at both the token endpoint and the
 * resource API, which openid-client answers by retrying with the nonce given.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, useIdp } from '../test-support.ts';
import { authorizeParams, BACKEND, DESKTOP, pkcePair, signInThroughPage } from './oauth-test-support.ts';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// A loopback mock IdP serves http://; openid-client refuses that unless told.
const INSECURE = { execute: [client.allowInsecureRequests] };

/** What a desktop app does for RFC 8252 §7.3: listen on a free loopback port and wait for the browser to arrive. */
async function startLoopbackListener(): Promise<{ redirectUri: string; received: Promise<URL>; close(): Promise<void> }> {
  let resolve!: (url: URL) => void;
  const received = new Promise<URL>((done) => (resolve = done));
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Signed in</title><p>Signed in. You can close this window.</p>');
    if (url.pathname === '/callback') resolve(url);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { redirectUri: `http://127.0.0.1:${port}/callback`, received, close: () => new Promise((done) => server.close(() => done())) };
}

function rejectionOf(promise: Promise<unknown>): Promise<{ error?: string; status?: number }> {
  return promise.then(() => ({}), (error: { error?: string; status?: number }) => ({ error: error.error, status: error.status }));
}

describe('openid-client (independent RP) against the mock IdP', () => {
  // A 1 s device interval keeps openid-client's real-time polling short.
  const ctx = useIdp({ oauth: { devicePollInterval: '1s' } });
  let browser: Browser;

  beforeAll(async () => {
    // The system browser: the one the drivers use (TOKENSTORM_CHROMIUM, else Debian's chromium).
    browser = await chromium.launch({ executablePath: process.env.TOKENSTORM_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const desktop = () => client.discovery(new URL(ctx.idp.url), DESKTOP, undefined, client.None(), INSECURE);
  const resourceServer = () => client.discovery(new URL(ctx.idp.url), BACKEND.id, undefined, client.ClientSecretBasic(BACKEND.secret), INSECURE);

  it('authorization code + PKCE through the login page in Chromium, then userinfo, refresh with rotation, introspection and revocation', async () => {
    const config = await desktop();
    expect(config.serverMetadata()).toMatchObject({ issuer: ctx.idp.url, code_challenge_methods_supported: ['S256'] });

    const loopback = await startLoopbackListener();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const authorizationUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: loopback.redirectUri,
      scope: 'openid profile email notes:read',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });

    const page = await browser.newPage();
    try {
      await page.goto(authorizationUrl.href);
      await expect.poll(() => page.getByText('tokenstorm desktop').count()).toBe(1);
      await page.getByLabel('Email or username').fill(DEMO.email);
      await page.getByLabel('Password').fill(DEMO.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const callback = await loopback.received;
      await page.waitForURL((url) => url.pathname === '/callback');

      const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
      const claims = tokens.claims()!;
      expect(claims).toMatchObject({ iss: ctx.idp.url, aud: DESKTOP, email: DEMO.email });
      expect(tokens.refresh_token).toMatch(/^rt_/);

      const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      expect(userinfo).toMatchObject({ sub: claims.sub, email: DEMO.email, name: DEMO.name });

      const rotated = await client.refreshTokenGrant(config, tokens.refresh_token!);
      expect(rotated.refresh_token).toMatch(/^rt_/);
      expect(rotated.refresh_token).not.toBe(tokens.refresh_token);

      const rs = await resourceServer();
      expect(await client.tokenIntrospection(rs, rotated.access_token)).toMatchObject({ active: true, client_id: DESKTOP, sub: claims.sub, scope: 'openid profile email notes:read' });
      expect((await client.tokenIntrospection(rs, tokens.refresh_token!)).active).toBe(false);

      await client.tokenRevocation(config, rotated.access_token);
      expect((await client.tokenIntrospection(rs, rotated.access_token)).active).toBe(false);

      await client.tokenRevocation(config, rotated.refresh_token!, { token_type_hint: 'refresh_token' });
      expect((await client.tokenIntrospection(rs, rotated.refresh_token!)).active).toBe(false);
      expect(await rejectionOf(client.refreshTokenGrant(config, rotated.refresh_token!))).toEqual({ error: 'invalid_grant', status: 400 });
    } finally {
      await page.close();
      await loopback.close();
    }
  });

  it('device authorization grant: openid-client polls while the user-code page is completed in Chromium; reuse after rotation is detected', async () => {
    const config = await desktop();
    const authorization = await client.initiateDeviceAuthorization(config, { scope: 'openid notes:read' });
    expect(authorization).toMatchObject({ interval: 1, expires_in: 600, verification_uri: `${ctx.idp.url}/oauth/device` });
    const polling = client.pollDeviceAuthorizationGrant(config, authorization);

    const page = await browser.newPage();
    try {
      await page.goto(authorization.verification_uri_complete!);
      await expect.poll(() => page.getByLabel('Device code').inputValue()).toBe(authorization.user_code);
      await page.getByLabel('Email or username').fill(DEMO.username);
      await page.getByLabel('Password').fill(DEMO.password);
      await page.getByRole('button', { name: 'Approve' }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'Device connected' }).count()).toBe(1);
    } finally {
      await page.close();
    }

    const tokens = await polling;
    expect(tokens).toMatchObject({ token_type: 'bearer', scope: 'openid notes:read' });
    const rotated = await client.refreshTokenGrant(config, tokens.refresh_token!);
    // RFC 9700 §4.14.2: presenting the superseded token again is refused and revokes the family.
    expect(await rejectionOf(client.refreshTokenGrant(config, tokens.refresh_token!))).toEqual({ error: 'invalid_grant', status: 400 });
    expect((await client.tokenIntrospection(await resourceServer(), rotated.refresh_token!)).active).toBe(false);
  });
});

describe('openid-client with DPoP (RFC 9449) against the mock IdP, nonces required everywhere', () => {
  const ctx = useIdp({ dpop: { nonce: 'both', nonceTtl: '10s' } });

  it('binds its tokens to its key, answers use_dpop_nonce by retrying, and keeps going when the nonce rotates', async () => {
    const config = await client.discovery(new URL(ctx.idp.url), DESKTOP, undefined, client.None(), INSECURE);
    expect(config.serverMetadata().dpop_signing_alg_values_supported).toContain('ES256');
    const keyPair = await client.randomDPoPKeyPair('ES256');
    const DPoP = client.getDPoPHandle(config, keyPair);

    // The login page over plain HTTP (the browser's part is covered above); openid-client redeems the code.
    const { verifier, challenge } = pkcePair();
    // The code is bound to the key as well (RFC 9449 §10), by openid-client's own thumbprint of it.
    const params = authorizeParams({ code_challenge: challenge, scope: 'openid email notes:read', dpop_jkt: await DPoP.calculateThumbprint() });
    const callback = await signInThroughPage(ctx.idp, params);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: params.state! }, undefined, { DPoP });
    expect(tokens.token_type).toBe('dpop');

    const notes = await client.fetchProtectedResource(config, tokens.access_token, new URL(`${ctx.idp.url}/api/notes`), 'GET', undefined, undefined, { DPoP });
    expect(notes.status).toBe(200);
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub, { DPoP });
    expect(userinfo.email).toBe(DEMO.email);

    // The nonces rotate with the virtual clock; openid-client's cached ones go stale and it retries once.
    // (To the next multiple of nonceTtl: well within iatTolerance, so its real-time iat stays acceptable.)
    await ctx.idp.admin.clock.advance(10_000 - (ctx.idp.admin.clock.now() % 10_000) + 1);
    const rotated = await client.refreshTokenGrant(config, tokens.refresh_token!, undefined, { DPoP });
    expect(rotated.token_type).toBe('dpop');
    expect((await client.fetchProtectedResource(config, rotated.access_token, new URL(`${ctx.idp.url}/api/notes`), 'GET', undefined, undefined, { DPoP })).status).toBe(200);

    // Without the key the refresh token is of no use, and the refusal spends nothing.
    const thief = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
    expect(await rejectionOf(client.refreshTokenGrant(config, rotated.refresh_token!, undefined, { DPoP: thief }))).toEqual({ error: 'invalid_grant', status: 400 });
    expect(await rejectionOf(client.refreshTokenGrant(config, rotated.refresh_token!))).toEqual({ error: 'invalid_dpop_proof', status: 400 });
    expect((await client.refreshTokenGrant(config, rotated.refresh_token!, undefined, { DPoP })).token_type).toBe('dpop');
    const outcomes = ctx.idp.admin.events.list({ type: 'request' }).filter((event) => event.group === 'token').map((event) => event.outcome);
    // A first request without the nonce, a stale one after the clock moved, the thief's handle knowing none yet.
    expect(outcomes).toEqual(['use-dpop-nonce', 'code-redeemed', 'use-dpop-nonce', 'rotated', 'use-dpop-nonce', 'dpop-key-mismatch', 'dpop-proof-missing', 'rotated']);
  });
});
