import { describe, expect, it } from 'vitest';
import { call, DEMO, useIdp } from '../../test-support.ts';
import { DEFAULT_CLIENTS } from '../clients/client-schema.ts';
import { BACKEND, decideDevice, DESKTOP, form, pollDevice, startDeviceFlow } from '../oauth-test-support.ts';

const OTHER_DEVICE = { id: 'other-device', type: 'public' as const, grants: ['device_code' as const], scopes: ['openid', 'notes:read'] };

describe('Device Authorization Grant RFC 8628', () => {
  const ctx = useIdp({ clients: [...DEFAULT_CLIENTS, OTHER_DEVICE] });

  it('§3.2: answers a device code, a user code, where to enter it, expires_in and interval', async () => {
    const { body, headers } = await startDeviceFlow(ctx.idp);
    expect(body).toMatchObject({
      device_code: expect.stringMatching(/^dc_/),
      user_code: expect.stringMatching(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/),
      verification_uri: `${ctx.idp.url}/oauth/device`,
      expires_in: 600,
      interval: 5,
    });
    expect(body.verification_uri_complete).toBe(`${ctx.idp.url}/oauth/device?user_code=${encodeURIComponent(body.user_code as string)}`);
    expect(headers.get('cache-control')).toBe('no-store');
  });

  it('§3.1: refuses a client without the device grant (400 unauthorized_client), an unknown client (401 invalid_client) and a bad scope (400 invalid_scope)', async () => {
    const backend = await form(ctx.idp, '/oauth/device_authorization', {}, { basic: [BACKEND.id, BACKEND.secret] });
    expect(backend.status).toBe(400);
    expect(backend.body.error).toBe('unauthorized_client');
    const unknown = await form(ctx.idp, '/oauth/device_authorization', { client_id: 'nobody' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('invalid_client');
    const scope = await form(ctx.idp, '/oauth/device_authorization', { client_id: DESKTOP, scope: 'admin' });
    expect(scope.status).toBe(400);
    expect(scope.body.error).toBe('invalid_scope');
  });

  it('§3.5: authorization_pending until approved, then tokens once; the device code is then spent', async () => {
    const { body } = await startDeviceFlow(ctx.idp);
    const pending = await pollDevice(ctx.idp, body.device_code as string);
    expect(pending.status).toBe(400);
    expect(pending.body.error).toBe('authorization_pending');

    const approved = await decideDevice(ctx.idp, (body.user_code as string).toLowerCase(), 'approve');
    expect(approved.status).toBe(200);
    expect(approved.html).toContain('Device connected');

    await ctx.idp.admin.clock.advance('5s');
    const tokens = await pollDevice(ctx.idp, body.device_code as string);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', scope: 'openid notes:read', refresh_token: expect.stringMatching(/^rt_/) });
    expect((await call(ctx.idp, 'GET', '/api/notes', { token: tokens.body.access_token as string })).status).toBe(200);

    await ctx.idp.admin.clock.advance('5s');
    const spent = await pollDevice(ctx.idp, body.device_code as string);
    expect(spent.status).toBe(400);
    expect(spent.body.error).toBe('invalid_grant');
  });

  it('§3.5: slow_down when polling faster than the interval in virtual time, each adding 5 s to the interval', async () => {
    const { body } = await startDeviceFlow(ctx.idp);
    const code = body.device_code as string;
    expect((await pollDevice(ctx.idp, code)).body.error).toBe('authorization_pending');
    const fast = await pollDevice(ctx.idp, code);
    expect(fast.status).toBe(400);
    expect(fast.body.error).toBe('slow_down');
    // The interval is now 10 s: 5 s of virtual time is still too fast (and makes it 15 s).
    await ctx.idp.admin.clock.advance('5s');
    expect((await pollDevice(ctx.idp, code)).body.error).toBe('slow_down');
    await ctx.idp.admin.clock.advance('15s');
    const patient = await pollDevice(ctx.idp, code);
    expect(patient.status).toBe(400);
    expect(patient.body.error).toBe('authorization_pending');
    const event = ctx.idp.admin.events.list({ type: 'request' }).filter((candidate) => candidate.outcome === 'slow-down').at(-1);
    expect(event?.detail).toMatchObject({ intervalMs: 15_000 });
  });

  it('§3.5: access_denied when the person denies the request', async () => {
    const { body } = await startDeviceFlow(ctx.idp);
    const denied = await decideDevice(ctx.idp, body.user_code as string, 'deny');
    expect(denied.status).toBe(200);
    expect(denied.html).toContain('denied');
    const response = await pollDevice(ctx.idp, body.device_code as string);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('access_denied');
  });

  it('§3.5: expired_token once expires_in has passed on the virtual clock; the user code is refused too', async () => {
    const { body } = await startDeviceFlow(ctx.idp);
    await ctx.idp.admin.clock.advance('10m');
    await ctx.idp.admin.clock.advance('1s');
    const response = await pollDevice(ctx.idp, body.device_code as string);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('expired_token');
    const late = await decideDevice(ctx.idp, body.user_code as string, 'approve');
    expect(late.status).toBe(400);
    expect(late.html).toContain('wrong, expired or already used');
  });

  it('refuses an unknown device code or another client’s with 400 invalid_grant', async () => {
    const unknown = await pollDevice(ctx.idp, 'dc_never-issued');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('invalid_grant');
    const missing = await form(ctx.idp, '/oauth/token', { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: DESKTOP });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
    // Another client's device code is answered exactly as an unknown one, and stays its client's.
    const { body } = await startDeviceFlow(ctx.idp);
    await decideDevice(ctx.idp, body.user_code as string, 'approve');
    const otherClient = await pollDevice(ctx.idp, body.device_code as string, OTHER_DEVICE.id);
    expect(otherClient.body).toEqual((await pollDevice(ctx.idp, 'dc_never-issued', OTHER_DEVICE.id)).body);
    expect((await pollDevice(ctx.idp, body.device_code as string)).status).toBe(200);
  });

  it('the user-code page asks for the code when none was typed', async () => {
    for (const typed of ['', ' - ']) {
      const page = await decideDevice(ctx.idp, typed, 'approve');
      expect(page.status).toBe(400);
      expect(page.oauthError).toBe('invalid_request');
      expect(page.html).toContain('enter the code shown on your device');
      expect(page.html).not.toContain('wrong, expired or already used');
    }
  });

  it('the user-code page: a form with the code filled in; a wrong password is 401 and nothing is approved', async () => {
    const { body } = await startDeviceFlow(ctx.idp);
    const page = await fetch(`${ctx.idp.url}/oauth/device?user_code=${body.user_code}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`value="${body.user_code}"`);
    const wrong = await decideDevice(ctx.idp, body.user_code as string, 'approve', { email: DEMO.email, password: 'nope-nope' });
    expect(wrong.status).toBe(401);
    expect((await pollDevice(ctx.idp, body.device_code as string)).body.error).toBe('authorization_pending');
    const unknownCode = await decideDevice(ctx.idp, 'BCDF-GHJK', 'approve');
    expect(unknownCode.status).toBe(400);
    const retried = await decideDevice(ctx.idp, body.user_code as string, 'approve');
    expect(retried.status).toBe(200);
  });

  it('the user-code page decides a code once: two approvals at once sign in once and leave no orphan session', async () => {
    const { body } = await startDeviceFlow(ctx.idp);
    const decisions = await Promise.all([0, 1].map(() => decideDevice(ctx.idp, body.user_code as string, 'approve')));
    expect(decisions.map((decision) => decision.status).sort()).toEqual([200, 400]);
    const state = ctx.idp.admin.state();
    expect(state.sessions).toHaveLength(1);
    expect(state.families).toHaveLength(1);
  });

  it('the user-code page answers a post Fastify refuses before the route (body too large) with its error page, 400 and no-store', async () => {
    const response = await fetch(`${ctx.idp.url}/oauth/device`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `user_code=${'B'.repeat(70_000)}`,
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('data-oauth-error="invalid_request"');
  });
});
