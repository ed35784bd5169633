import { describe, expect, it } from 'vitest';
import { createMockIdp } from '../index.ts';
import { call, useIdp } from '../test-support.ts';
import { decodeJwt } from 'jose';
import { dpopKey, type DpopKey } from '../oauth/dpop/dpop-test-support.ts';
import { authorizeParams, DESKTOP, form, LOOPBACK, pkcePair, signInThroughPage } from '../oauth/oauth-test-support.ts';

describe('ephemeral-token broker (backend-mediated tokens)', () => {
  const ctx = useIdp();

  /** The desktop signs in through the browser, then hands its code and verifier to the broker. */
  async function openSession(deviceId = 'laptop-1', scope = 'openid notes:read llm:invoke') {
    const { verifier, challenge } = pkcePair();
    const location = await signInThroughPage(ctx.idp, authorizeParams({ code_challenge: challenge, scope }));
    return call(ctx.idp, 'POST', '/api/broker/sessions', {
      body: { clientId: DESKTOP, code: location.searchParams.get('code'), codeVerifier: verifier, redirectUri: LOOPBACK, deviceId },
    });
  }

  it('mints a 5-15 minute ephemeral token for the LLM API; the provider refresh token never reaches the desktop', async () => {
    const session = await openSession();
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ deviceSession: expect.stringMatching(/^bds_/), deviceId: 'laptop-1', tokenType: 'Bearer', expiresIn: 600, scope: 'llm:invoke' });
    expect(JSON.stringify(session.body)).not.toMatch(/rt_/);
    const token = session.body.ephemeralToken as string;
    const completion = await call(ctx.idp, 'POST', '/api/llm/complete', { token, body: { prompt: 'hello' } });
    expect(completion.status).toBe(200);
    expect(completion.body.completion).toBe('echo: hello');
    // Least privilege: the ephemeral token is good for the LLM API only.
    const notes = await call(ctx.idp, 'GET', '/api/notes', { token });
    expect(notes.status).toBe(403);
    expect(notes.body.error).toBe('insufficient_scope');
    // The reason names the scopes in the characters RFC 6750 §3 allows: the header stays one plain quoted-string.
    expect(notes.headers.get('www-authenticate')).toBe(`Bearer realm="tokenstorm", error="insufficient_scope", error_description="this call needs the scope 'notes:read'; this token has 'llm:invoke'"`);
  });

  it('with a DPoP proof, binds the device session and every ephemeral token to the desktop\'s key (and redeems a code bound by dpop_jkt)', async () => {
    const key = await dpopKey('ES256', () => ctx.idp.admin.clock.now());
    const proof = (signer: DpopKey, htm: string, path: string, accessToken?: string) => signer.proof({ htm, htu: `${ctx.idp.url}${path}`, ...(accessToken ? { accessToken } : {}) });
    const { verifier, challenge } = pkcePair();
    const location = await signInThroughPage(ctx.idp, authorizeParams({ code_challenge: challenge, scope: 'openid llm:invoke', dpop_jkt: key.jkt }));
    const sessionBody = { clientId: DESKTOP, code: location.searchParams.get('code'), codeVerifier: verifier, redirectUri: LOOPBACK, deviceId: 'laptop-1' };
    // Without the desktop's proof, the code bound to its key is not redeemed, and not spent.
    const unproven = await call(ctx.idp, 'POST', '/api/broker/sessions', { body: sessionBody });
    expect(unproven.body).toMatchObject({ error: 'invalid_grant', code: 'DPOP_KEY_MISMATCH' });
    const session = await call(ctx.idp, 'POST', '/api/broker/sessions', { body: sessionBody, headers: { dpop: await proof(key, 'POST', '/api/broker/sessions') } });
    expect(session.status, JSON.stringify(session.body)).toBe(200);
    expect(session.body.tokenType).toBe('DPoP');
    const ephemeral = session.body.ephemeralToken as string;
    expect(decodeJwt(ephemeral).cnf).toEqual({ jkt: key.jkt });
    expect((await call(ctx.idp, 'POST', '/api/llm/complete', { token: ephemeral, body: { prompt: 'x' } })).status).toBe(401);
    const completion = await call(ctx.idp, 'POST', '/api/llm/complete', { body: { prompt: 'x' }, headers: { authorization: `DPoP ${ephemeral}`, dpop: await proof(key, 'POST', '/api/llm/complete', ephemeral) } });
    expect(completion.status, JSON.stringify(completion.body)).toBe(200);

    // The device session answers only the key that opened it.
    const credential = session.body.deviceSession as string;
    const noProof = await call(ctx.idp, 'POST', '/api/broker/token', { token: credential });
    expect(noProof.body).toMatchObject({ error: 'invalid_dpop_proof' });
    expect(noProof.body.error_description).toMatch(/device session is bound to a DPoP key/);
    const thief = await dpopKey('ES256', () => ctx.idp.admin.clock.now());
    const stolen = await call(ctx.idp, 'POST', '/api/broker/token', { token: credential, headers: { dpop: await proof(thief, 'POST', '/api/broker/token') } });
    expect(stolen.body).toMatchObject({ error: 'invalid_grant', code: 'DPOP_KEY_MISMATCH' });
    const minted = await call(ctx.idp, 'POST', '/api/broker/token', { token: credential, headers: { dpop: await proof(key, 'POST', '/api/broker/token') } });
    expect(minted.status, JSON.stringify(minted.body)).toBe(200);
    expect(minted.body.tokenType).toBe('DPoP');
    // Neither refusal rotated the vault: sign-in, the session's first mint, this mint.
    expect(ctx.idp.admin.state().families.find((candidate) => candidate.clientId === DESKTOP)!.rotations).toBe(3);
  });

  it('mints again with the device session, rotating the vaulted refresh token each time', async () => {
    const session = await openSession();
    const credential = session.body.deviceSession as string;
    const again = await call(ctx.idp, 'POST', '/api/broker/token', { token: credential });
    expect(again.status).toBe(200);
    expect(again.body.deviceSession).toBeUndefined();
    expect(again.body.ephemeralToken).not.toBe(session.body.ephemeralToken);
    const family = ctx.idp.admin.state().families.find((candidate) => candidate.clientId === DESKTOP)!;
    // Generation 1 went to the vault at sign-in; each mint rotated once more.
    expect(family.rotations).toBe(3);
    await Promise.all(Array.from({ length: 4 }, () => call(ctx.idp, 'POST', '/api/broker/token', { token: credential })));
    expect(ctx.idp.admin.state().families.find((candidate) => candidate.id === family.id)!.status).toBe('active');
  });

  it('ephemeral tokens expire on the virtual clock', async () => {
    const session = await openSession();
    await ctx.idp.admin.clock.advance('10m');
    await ctx.idp.admin.clock.advance('1s');
    const expired = await call(ctx.idp, 'POST', '/api/llm/complete', { token: session.body.ephemeralToken as string, body: { prompt: 'x' } });
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe('invalid_token');
  });

  it('revokes per device: that device’s tokens and session die, other devices keep working', async () => {
    const laptop = await openSession('laptop-1');
    const desktop = await openSession('desktop-2');
    const revoked = await call(ctx.idp, 'DELETE', '/api/broker/devices/laptop-1', { token: desktop.body.deviceSession as string });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ revoked: 1 });
    expect((await call(ctx.idp, 'POST', '/api/llm/complete', { token: laptop.body.ephemeralToken as string, body: { prompt: 'x' } })).status).toBe(401);
    const mint = await call(ctx.idp, 'POST', '/api/broker/token', { token: laptop.body.deviceSession as string });
    expect(mint.status).toBe(401);
    expect(mint.body.error).toBe('invalid_token');
    expect((await call(ctx.idp, 'POST', '/api/llm/complete', { token: desktop.body.ephemeralToken as string, body: { prompt: 'x' } })).status).toBe(200);
  });

  it('ends the device session when the provider family is revoked (admin revoke, reuse detection)', async () => {
    const session = await openSession();
    const family = ctx.idp.admin.state().families.find((candidate) => candidate.clientId === DESKTOP)!;
    await ctx.idp.admin.revoke({ familyId: family.id });
    const mint = await call(ctx.idp, 'POST', '/api/broker/token', { token: session.body.deviceSession as string });
    expect(mint.status).toBe(401);
    expect(mint.body).toMatchObject({ error: 'invalid_grant', code: 'BROKER_SESSION_ENDED' });
  });

  it('refuses a bad body (400 naming the field), a reused code (400 invalid_grant) and an unknown credential (401)', async () => {
    const bad = await call(ctx.idp, 'POST', '/api/broker/sessions', { body: { clientId: DESKTOP, code: 'x', deviceId: 'has spaces' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toContain('body.deviceId');
    const { verifier, challenge } = pkcePair();
    const location = await signInThroughPage(ctx.idp, authorizeParams({ code_challenge: challenge, scope: 'llm:invoke' }));
    const body = { clientId: DESKTOP, code: location.searchParams.get('code'), codeVerifier: verifier, redirectUri: LOOPBACK, deviceId: 'd1' };
    expect((await call(ctx.idp, 'POST', '/api/broker/sessions', { body })).status).toBe(200);
    const reused = await call(ctx.idp, 'POST', '/api/broker/sessions', { body });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
    const unknown = await call(ctx.idp, 'POST', '/api/broker/token', { token: 'bds_nope' });
    expect(unknown.status).toBe(401);
  });

  it('refuses a code without a broker scope before spending it: 400 invalid_scope, the code unredeemed, no vaulted session, the error as the outcome', async () => {
    const { verifier, challenge } = pkcePair();
    const location = await signInThroughPage(ctx.idp, authorizeParams({ code_challenge: challenge, scope: 'openid notes:read' }));
    const code = location.searchParams.get('code')!;
    const refused = await call(ctx.idp, 'POST', '/api/broker/sessions', { body: { clientId: DESKTOP, code, codeVerifier: verifier, redirectUri: LOOPBACK, deviceId: 'd1' } });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_scope', code: 'INVALID_SCOPE' });
    expect(ctx.idp.admin.state().families).toEqual([expect.objectContaining({ status: 'active', rotations: 0 })]);
    expect(ctx.idp.admin.issuedTokens().filter((token) => token.startsWith('bds_'))).toEqual([]);
    const event = ctx.idp.admin.events.list({ type: 'request' }).find((candidate) => candidate.group === 'broker')!;
    expect(event).toMatchObject({ status: 400, outcome: 'invalid-scope' });
    // The code was not spent: the desktop may still redeem it itself.
    const redeemed = await form(ctx.idp, '/oauth/token', { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: LOOPBACK, client_id: DESKTOP });
    expect(redeemed.status).toBe(200);
  });

  it('records an error response with the error as its outcome, not one set before it failed (a delay fault)', async () => {
    ctx.idp.admin.faults.add({ match: { group: 'broker' }, action: { type: 'delay', ms: 0 }, times: 1 });
    const refused = await call(ctx.idp, 'POST', '/api/broker/token', { token: 'bds_nope' });
    expect(refused.status).toBe(401);
    const event = ctx.idp.admin.events.list({ type: 'request' }).find((candidate) => candidate.group === 'broker')!;
    expect(event).toMatchObject({ status: 401, outcome: 'invalid-token', fault: { action: 'delay' } });
  });

  it('answers a body Fastify refuses (broken JSON, another body type, too large) with invalid_request and no-store', async () => {
    const broken = await call(ctx.idp, 'POST', '/api/broker/sessions', { body: '{"clientId":' });
    const formBody = await call(ctx.idp, 'POST', '/api/broker/sessions', { body: 'clientId=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const tooLarge = await call(ctx.idp, 'POST', '/api/broker/sessions', { body: { clientId: 'x'.repeat(70_000) } });
    expect([broken.status, formBody.status, tooLarge.status]).toEqual([400, 415, 413]);
    for (const response of [broken, formBody, tooLarge]) {
      expect(response.body.error).toBe('invalid_request');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('keeps ephemeral lifetimes within 5-15 minutes in config', async () => {
    await expect(createMockIdp({ broker: { ephemeralTokenTtl: '20m' } })).rejects.toThrow(/broker.ephemeralTokenTtl: expected between "5m" and "15m"/);
  });
});
