import { describe, expect, it } from 'vitest';
import { createSimIdp } from './sim-idp.ts';
import { createTimerClock } from './virtual-clock.ts';
import type { WireOutcome, WireRequest } from './wire-types.ts';

const refresh = (refreshToken: string): WireRequest => ({ method: 'POST', path: '/api/auth/refresh', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
const notes = (accessToken: string): WireRequest => ({ method: 'GET', path: '/api/notes', headers: { authorization: `Bearer ${accessToken}` }, body: undefined });
const body = (outcome: WireOutcome) => (outcome.kind === 'response' ? (outcome.body as Record<string, string>) : {});
const status = (outcome: WireOutcome) => (outcome.kind === 'response' ? outcome.status : outcome.kind);

function setup(options: Partial<Parameters<typeof createSimIdp>[0]> = {}) {
  const clock = createTimerClock(0);
  const idp = createSimIdp({ clock, ...options });
  return { clock, idp, token: idp.seedSession().token };
}

describe('simulated IdP: recipe refresh contract', () => {
  it('accepts the sign-in token as access token for one access-token lifetime, then answers 401 invalid_token', () => {
    const { idp, clock, token } = setup();
    expect(status(idp.handle(notes(token)))).toBe(200);
    clock.advance(15 * 60_000);
    const expired = idp.handle(notes(token));
    expect(status(expired)).toBe(401);
    expect(expired.kind === 'response' && expired.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });

  it('rotates: a refresh returns new tokens with expiresIn in seconds, and the new access token works', () => {
    const { idp, token } = setup();
    const rotated = body(idp.handle(refresh(token)));
    expect(rotated).toMatchObject({ expiresIn: 900 });
    expect(rotated['refreshToken']).not.toBe(token);
    expect(status(idp.handle(notes(rotated['accessToken'] as string)))).toBe(200);
    expect(idp.currentRefreshToken(token)).toBe(rotated['refreshToken']);
  });

  it('detects reuse of a superseded refresh token and revokes the whole family (RFC 9700 §4.14.2)', () => {
    const { idp, token } = setup();
    const rotated = body(idp.handle(refresh(token)));
    const reuse = idp.handle(refresh(token));
    expect(status(reuse)).toBe(401);
    expect(body(reuse)).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_TOKEN_REUSED' });
    expect(status(idp.handle(refresh(rotated['refreshToken'] as string)))).toBe(401);
    expect(idp.log.at(-2)?.reuseDetected).toBe(true);
  });

  it('with onReuse "reject" only the replayed token is refused; the family lives on', () => {
    const { idp, token } = setup({ onReuse: 'reject' });
    const rotated = body(idp.handle(refresh(token)));
    expect(status(idp.handle(refresh(token)))).toBe(401);
    expect(status(idp.handle(refresh(rotated['refreshToken'] as string)))).toBe(200);
  });

  it('applies scheduled faults in order, before processing, so a failed refresh does not consume the token', () => {
    const { idp, token } = setup({ faults: { refresh: [{ kind: 'rate-limit', retryAfterSeconds: 30 }, null, { kind: 'network' }], resource: [] } });
    const limited = idp.handle(refresh(token));
    expect(status(limited)).toBe(429);
    expect(limited.kind === 'response' && limited.headers['retry-after']).toBe('30');
    const rotated = body(idp.handle(refresh(token)));
    expect(rotated['accessToken']).toBeDefined();
    expect(status(idp.handle(refresh(rotated['refreshToken'] as string)))).toBe('network-error');
    expect(status(idp.handle(refresh(rotated['refreshToken'] as string)))).toBe(200);
    expect(idp.log.map((r) => r.fault)).toEqual(['429 Retry-After 30s', null, 'network', null]);
  });

  it('logs every request with token fingerprints, never raw tokens', () => {
    const { idp, token } = setup();
    idp.handle(refresh(token));
    idp.handle(notes('nope'));
    const serialized = JSON.stringify(idp.log);
    expect(idp.log).toHaveLength(2);
    expect(serialized).not.toContain(token);
    expect(idp.log[0]?.refreshFingerprint).toMatch(/^#[0-9a-f]{8}$/);
  });

  it('signs in demo users with one token and refuses a wrong password', () => {
    const { idp } = setup();
    const signIn = (password: string): WireRequest => ({ method: 'POST', path: '/api/auth/sign-in/email', headers: {}, body: JSON.stringify({ email: 'ada@example.test', password }) });
    expect(body(idp.handle(signIn('correct horse battery staple')))['token']).toEqual(expect.any(String));
    expect(status(idp.handle(signIn('wrong')))).toBe(401);
  });

  it('sign-out revokes the family: the refresh token stops working', () => {
    const { idp, token } = setup();
    idp.handle({ method: 'POST', path: '/api/auth/sign-out', headers: { authorization: `Bearer ${token}` }, body: '{}' });
    expect(status(idp.handle(refresh(token)))).toBe(401);
  });
});
