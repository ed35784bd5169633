import { describe, expect, it } from 'vitest';
import { startLoopbackRedirect } from './loopback-redirect.ts';

describe('loopback redirect RFC 8252 §7.3', () => {
  it('listens on 127.0.0.1 and an OS-assigned port, and delivers the code of the redirect carrying our state', async () => {
    const loopback = await startLoopbackRedirect({ expectedState: 'state-1', timeoutMs: 5_000 });
    expect(loopback.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const page = await fetch(`${loopback.redirectUri}?code=abc&state=state-1`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('You can close this tab');
    await expect(loopback.result).resolves.toEqual({ code: 'abc' });
    await loopback.close();
  });

  it('ignores a redirect with the wrong state (it may be forged) and keeps waiting for the real one', async () => {
    const loopback = await startLoopbackRedirect({ expectedState: 'right', timeoutMs: 5_000 });
    expect((await fetch(`${loopback.redirectUri}?code=forged&state=wrong`)).status).toBe(400);
    expect((await fetch(loopback.redirectUri.replace('/callback', '/other'))).status).toBe(404);
    await fetch(`${loopback.redirectUri}?code=real&state=right`);
    await expect(loopback.result).resolves.toEqual({ code: 'real' });
    await loopback.close();
  });

  it('turns access_denied into OAUTH_DENIED', async () => {
    const loopback = await startLoopbackRedirect({ expectedState: 's', timeoutMs: 5_000 });
    await fetch(`${loopback.redirectUri}?error=access_denied&error_description=user+cancelled&state=s`);
    await expect(loopback.result).rejects.toMatchObject({ code: 'OAUTH_DENIED', message: expect.stringContaining('user cancelled') });
    await loopback.close();
  });

  it('gives up after the timeout, and on cancel', async () => {
    const slow = await startLoopbackRedirect({ expectedState: 's', timeoutMs: 30 });
    await expect(slow.result).rejects.toMatchObject({ code: 'OAUTH_TIMEOUT' });
    await slow.close();
    const controller = new AbortController();
    const cancelled = await startLoopbackRedirect({ expectedState: 's', timeoutMs: 5_000, signal: controller.signal });
    controller.abort();
    await expect(cancelled.result).rejects.toMatchObject({ code: 'OAUTH_CANCELLED' });
    await cancelled.close();
  });

  it('stops listening once closed', async () => {
    const loopback = await startLoopbackRedirect({ expectedState: 's', timeoutMs: 5_000 });
    loopback.result.catch(() => undefined);
    await loopback.close();
    await expect(fetch(`${loopback.redirectUri}?code=x&state=s`)).rejects.toThrow();
  });
});
