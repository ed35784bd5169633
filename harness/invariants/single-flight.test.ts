import { describe, expect, it } from 'vitest';
import { admin, api, historyOf, refresh, refreshFault, client } from './history-builder.ts';
import { singleFlight } from './single-flight.ts';
import { DEFAULT_INVARIANT_OPTIONS } from './types.ts';

const check = (events: Parameters<typeof historyOf>[0]) => singleFlight.check(historyOf(events), DEFAULT_INVARIANT_OPTIONS);

describe('single-flight', () => {
  it('holds for refreshes that follow one another, each after the access token before it was refused', () => {
    const first = refresh(1_000, 'main', { durationMs: 100, issuedFps: { access: 'fp:access-b' } });
    expect(check([first, api(1_100, 'w1', 401, { presentedFp: 'fp:access-b' }), refresh(1_200, 'main', { durationMs: 100, presentedFp: 'fp:b' })])).toEqual([]);
    // Far apart, or with the IdP changed in between (a clock jump, a revocation), a refresh needs no 401 of its own.
    expect(check([first, refresh(20_000, 'main', { presentedFp: 'fp:b' })])).toEqual([]);
    expect(check([first, admin(1_150, 'clock-advanced'), refresh(1_200, 'main', { presentedFp: 'fp:b' })])).toEqual([]);
  });

  it('names a second refresh set off by a 401 for an access token the first had already replaced', () => {
    const first = refresh(1_000, 'main', { durationMs: 100, issuedFps: { access: 'fp:access-b' } });
    const stale = api(1_050, 'w1', 401, { presentedFp: 'fp:access-a' });
    const second = refresh(1_200, 'main', { durationMs: 50, presentedFp: 'fp:b' });
    expect(check([first, stale, second])).toMatchObject([{ invariant: 'single-flight', events: [first, second], message: expect.stringContaining('was never refused') }]);
  });

  it('names both requests when two windows refresh one family at once', () => {
    const first = refresh(1_000, 'w1', { durationMs: 300, presentedFp: 'fp:a' });
    const second = refresh(1_100, 'w2', { durationMs: 300, presentedFp: 'fp:a', outcome: 'reuse-detected', status: 401 });
    const [violation, ...rest] = check([first, second]);
    expect(rest).toEqual([]);
    expect(violation).toMatchObject({ invariant: 'single-flight', events: [first, second] });
  });

  it('keeps a hanging refresh in flight until the client gives up on it', () => {
    const hang = refreshFault(1_000, 'main', undefined, 'hang');
    const gaveUp = client(11_000, 'main', 'refresh.failed', { classification: 'timeout' });
    const second = refresh(5_000, 'main');
    expect(check([hang, second, gaveUp])).toMatchObject([{ events: [hang, second] }]);
    expect(check([hang, gaveUp, refresh(12_000, 'main')])).toEqual([]);
  });
});
