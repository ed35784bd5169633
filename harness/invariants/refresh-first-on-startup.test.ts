import { describe, expect, it } from 'vitest';
import { api, client, historyOf, refresh, request, step } from './history-builder.ts';
import { refreshFirstOnStartup } from './refresh-first-on-startup.ts';
import { DEFAULT_INVARIANT_OPTIONS } from './types.ts';

const check = (events: Parameters<typeof historyOf>[0]) => refreshFirstOnStartup.check(historyOf(events), DEFAULT_INVARIANT_OPTIONS);

describe('refresh-first-startup', () => {
  it('holds when a restarted client refreshes before calling the API', () => {
    expect(check([step(0, 'restart'), client(50, 'main', 'app.started'), refresh(200, 'main', { presentedFp: 'fp:r1' }), api(300, 'w1', 200)])).toEqual([]);
  });

  it('does not judge a fresh sign-in after startup', () => {
    expect(check([client(0, 'main', 'app.started'), request(100, { clientId: 'w1', group: 'auth', outcome: 'session-issued', status: 200 }), api(200, 'w1', 401)])).toEqual([]);
  });

  it('names the startup and the stale access token the API rejected', () => {
    const started = client(0, 'main', 'app.started');
    const stale = api(100, 'w1', 401);
    expect(check([started, stale, refresh(200, 'w1')])).toMatchObject([{ invariant: 'refresh-first-startup', events: [started, stale] }]);
  });
});
