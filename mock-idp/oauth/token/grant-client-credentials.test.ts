import { describe, expect, it } from 'vitest';
import { call, useIdp } from '../../test-support.ts';
import { BACKEND, form } from '../oauth-test-support.ts';

describe('client_credentials tokens', () => {
  const ctx = useIdp({ lifetimes: { sessionIdleTimeout: '10m', sessionAbsoluteLifetime: '1h', accessTokenTtl: '15m' } });
  const serviceToken = async () => {
    const response = await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials', scope: 'notes:read' }, { basic: [BACKEND.id, BACKEND.secret] });
    expect(response.status).toBe(200);
    return response.body.access_token as string;
  };

  it('live until their own expiry: no session stands behind them, so the idle and absolute session lifetimes do not apply', async () => {
    await serviceToken();
    await ctx.idp.admin.clock.advance('9m');
    const second = await serviceToken();
    await ctx.idp.admin.clock.advance('2m');
    expect((await call(ctx.idp, 'GET', '/api/notes', { token: second })).status).toBe(200);
    // Issued at 9 minutes for 15: expired at 24.
    await ctx.idp.admin.clock.advance('14m');
    expect((await call(ctx.idp, 'GET', '/api/notes', { token: second })).status).toBe(401);
    // Past the absolute session lifetime, a fresh one works to its end as well.
    await ctx.idp.admin.clock.advance('50m');
    const late = await serviceToken();
    await ctx.idp.admin.clock.advance('14m');
    expect((await call(ctx.idp, 'GET', '/api/notes', { token: late })).status).toBe(200);
    expect(ctx.idp.admin.state().families.filter((family) => family.grant === 'service')).toHaveLength(1);
  });
});
