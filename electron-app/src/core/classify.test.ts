import { describe, expect, it } from 'vitest';
import { classifyRefreshResponse, isTransient } from './classify.ts';
import { response } from './test-doubles.ts';

const classify = (status: number, body: unknown = {}, headers: Record<string, string> = {}) => classifyRefreshResponse(response(status, body, headers), 0);

describe('classifyRefreshResponse', () => {
  it('reads a rotation: both tokens and expiresIn in ms', async () => {
    expect(await classify(200, { accessToken: 'a1', refreshToken: 'r1', expiresIn: 900 })).toEqual({
      kind: 'rotated',
      tokens: { accessToken: 'a1', refreshToken: 'r1' },
      expiresInMs: 900_000,
    });
  });

  it('treats a 200 without both tokens as a server error, not as an ended session', async () => {
    const outcome = await classify(200, { accessToken: 'a1' });
    expect(outcome.kind).toBe('server-error');
    expect(isTransient(outcome)).toBe(true);
  });

  it('treats 401 invalid_grant, 403 and 400 invalid_grant as definitive', async () => {
    expect((await classify(401, { error: 'invalid_grant' })).kind).toBe('rejected');
    expect((await classify(403, { error: 'access_denied' })).kind).toBe('rejected');
    expect((await classify(400, { error: 'invalid_grant' })).kind).toBe('rejected');
  });

  it('flags reuse detection', async () => {
    expect(await classify(401, { error: 'invalid_grant', code: 'REFRESH_TOKEN_REUSED' })).toMatchObject({ kind: 'rejected', reused: true });
  });

  it('reads 429 with Retry-After as rate limited', async () => {
    expect(await classify(429, {}, { 'Retry-After': '30' })).toEqual({ kind: 'rate-limited', retryAfterMs: 30_000 });
  });

  it('treats 5xx and unexpected statuses (404 from a proxy) as transient', async () => {
    for (const status of [500, 502, 503, 404, 400]) expect(isTransient(await classify(status, { error: 'other' }))).toBe(true);
  });

  it('survives a body that is not JSON', async () => {
    const broken = { status: 503, headers: { get: () => null }, json: async () => JSON.parse('<html>') as unknown };
    expect((await classifyRefreshResponse(broken, 0)).kind).toBe('server-error');
  });
});
