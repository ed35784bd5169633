import { describe, expect, it } from 'vitest';
import { historyOf, refresh, refreshFault, client } from './history-builder.ts';
import { singleFlight } from './single-flight.ts';
import { DEFAULT_INVARIANT_OPTIONS } from './types.ts';

const check = (events: Parameters<typeof historyOf>[0]) => singleFlight.check(historyOf(events), DEFAULT_INVARIANT_OPTIONS);

describe('single-flight', () => {
  it('holds for refreshes that follow one another', () => {
    expect(check([refresh(1_000, 'main', { durationMs: 100 }), refresh(1_200, 'main', { durationMs: 100, presentedFp: 'fp:b' })])).toEqual([]);
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
