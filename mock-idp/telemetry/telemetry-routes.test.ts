import { describe, expect, it } from 'vitest';
import { call, signIn, useIdp, type Json } from '../test-support.ts';
import type { MockIdp } from '../index.ts';

const INSTALL = '5f0c6a2e-0f7b-4d2a-9d8e-3a1b2c4d5e6f';

async function mint(idp: MockIdp, installId = INSTALL): Promise<Json> {
  return call(idp, 'POST', '/api/telemetry/token', { body: { installId, clientId: 'tokenstorm-desktop' } });
}

describe('telemetry with per-install ephemeral tokens', () => {
  const ctx = useIdp();

  it('mints a token for an install id and accepts events with it (202)', async () => {
    const minted = await mint(ctx.idp);
    expect(minted.status).toBe(200);
    expect(minted.body).toMatchObject({ telemetryToken: expect.stringMatching(/^tt_/), installId: INSTALL, expiresIn: 3600 });
    const sent = await call(ctx.idp, 'POST', '/api/telemetry', { token: minted.body.telemetryToken as string, body: { events: [{ name: 'app.started', props: { version: '1.2.3' } }] } });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ accepted: 1, redacted: [] });
    const event = ctx.idp.admin.events.list({ type: 'request' }).find((candidate) => candidate.outcome === 'telemetry-accepted');
    expect(event).toMatchObject({ group: 'telemetry', detail: { installId: INSTALL, accepted: 1 } });
    expect(JSON.stringify(ctx.idp.admin.events.list())).not.toContain(minted.body.telemetryToken as string);
  });

  it('accepts only a telemetry token: a user access token is 401 invalid_token, and a telemetry token is refused by the resource API', async () => {
    const session = await signIn(ctx.idp);
    const withUserToken = await call(ctx.idp, 'POST', '/api/telemetry', { token: session, body: { events: [{ name: 'x' }] } });
    expect(withUserToken.status).toBe(401);
    expect(withUserToken.body.error).toBe('invalid_token');
    const none = await call(ctx.idp, 'POST', '/api/telemetry', { body: { events: [{ name: 'x' }] } });
    expect(none.status).toBe(401);
    const telemetryToken = (await mint(ctx.idp)).body.telemetryToken as string;
    expect((await call(ctx.idp, 'GET', '/api/me', { token: telemetryToken })).status).toBe(401);
  });

  it('rejects PII by default with 400 naming each field', async () => {
    const token = (await mint(ctx.idp)).body.telemetryToken as string;
    const response = await call(ctx.idp, 'POST', '/api/telemetry', { token, body: { events: [{ name: 'signup', props: { plan: 'pro', user: { Email: 'x' } } }, { name: 'contact ada@example.test' }] } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_request', code: 'TELEMETRY_PII' });
    expect(response.body.issues).toEqual([
      { path: 'body.events[0].props.user.Email', message: 'PII is not accepted' },
      { path: 'body.events[1].name', message: 'PII is not accepted' },
    ]);
  });

  it('refuses props nested deeper than PII screening reaches (16 levels) with 400 naming the limit, instead of accepting them unscreened', async () => {
    const token = (await mint(ctx.idp)).body.telemetryToken as string;
    let props: Record<string, unknown> = { email: 'ada@example.test' };
    for (let level = 0; level < 20; level += 1) props = { n: props };
    const response = await call(ctx.idp, 'POST', '/api/telemetry', { token, body: { events: [{ name: 'deep', props }] } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_request', code: 'INVALID_REQUEST' });
    expect(response.body.error_description).toContain('nested more than 16 levels deep');
    expect(response.body.issues).toEqual([{ path: `body.events[0].props${'.n'.repeat(17)}`, message: expect.stringContaining('16 levels') }]);
  });

  it('expires telemetry tokens on the virtual clock and refuses unknown clients or odd install ids', async () => {
    const token = (await mint(ctx.idp)).body.telemetryToken as string;
    await ctx.idp.admin.clock.advance('61m');
    const expired = await call(ctx.idp, 'POST', '/api/telemetry', { token, body: { events: [{ name: 'x' }] } });
    expect(expired.status).toBe(401);
    expect(expired.body.error_description).toContain('expired');
    const unknownClient = await call(ctx.idp, 'POST', '/api/telemetry/token', { body: { installId: INSTALL, clientId: 'nobody' } });
    expect(unknownClient.status).toBe(401);
    expect(unknownClient.body.error).toBe('invalid_client');
    const email = await call(ctx.idp, 'POST', '/api/telemetry/token', { body: { installId: 'ada@example.test', clientId: 'tokenstorm-desktop' } });
    expect(email.status).toBe(400);
    expect(email.body.error_description).toContain('body.installId');
  });

  it('can be revoked through the revocation endpoint by the client it was minted for', async () => {
    const token = (await mint(ctx.idp)).body.telemetryToken as string;
    const revoke = await fetch(`${ctx.idp.url}/oauth/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token, client_id: 'tokenstorm-desktop' }) });
    expect(revoke.status).toBe(200);
    const refused = await call(ctx.idp, 'POST', '/api/telemetry', { token, body: { events: [{ name: 'x' }] } });
    expect(refused.status).toBe(401);
    expect(refused.body.error_description).toContain('revoked');
  });
});

describe('telemetry PII redaction mode', () => {
  const ctx = useIdp({ telemetry: { pii: { mode: 'redact', fields: ['email', 'ip'] } } });

  it('redacts PII fields and accepts the events, reporting what it redacted', async () => {
    const token = (await mint(ctx.idp)).body.telemetryToken as string;
    const response = await call(ctx.idp, 'POST', '/api/telemetry', { token, body: { events: [{ name: 'login', props: { ip: '10.0.0.1', note: 'ada@example.test', ok: true } }] } });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ accepted: 1, redacted: ['body.events[0].props.ip', 'body.events[0].props.note'] });
  });
});
