import { describe, expect, it } from 'vitest';
import { call, useIdp } from '../test-support.ts';

describe('405 Method Not Allowed (RFC 9110 §15.5.6) and 404', () => {
  const ctx = useIdp();

  it('answers a wrong method on a route 405 with Allow, in the IdP error shape with no-store', async () => {
    const cases: Array<[string, string, string]> = [
      ['GET', '/oauth/token', 'POST'],
      ['PUT', '/oauth/authorize', 'GET, HEAD, POST'],
      // Under /api/auth/, what better-auth's endpoint takes, and the recipe's refresh endpoint beside them.
      ['DELETE', '/api/auth/sign-in/email', 'POST'],
      ['GET', '/api/auth/sign-in/email', 'POST'],
      ['OPTIONS', '/api/auth/sign-in/email', 'POST'],
      ['POST', '/api/auth/get-session', 'GET, HEAD'],
      ['GET', '/api/auth/refresh', 'POST'],
      ['PUT', '/__admin/faults/some-id', 'DELETE'],
    ];
    for (const [method, path, allow] of cases) {
      const response = await call(ctx.idp, method, path);
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get('allow'), `${method} ${path}`).toBe(allow);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.body).toEqual({ error: 'invalid_request', error_description: `${path} answers ${allow}, not ${method}`, code: 'METHOD_NOT_ALLOWED' });
    }
  });

  it("answers HEAD where better-auth answers GET (it has no HEAD of its own)", async () => {
    const response = await fetch(`${ctx.idp.url}/api/auth/get-session`, { method: 'HEAD', headers: { origin: ctx.idp.url } });
    expect(response.status).toBe(200);
  });

  it('answers a path no route has 404', async () => {
    const response = await call(ctx.idp, 'GET', '/oauth/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('allow')).toBeNull();
    expect(response.body).toMatchObject({ error: 'not_found', code: 'NOT_FOUND' });
  });
});
