import { describe, expect, it } from 'vitest';
import { historyOf, refresh } from './history-builder.ts';
import { noRefreshStorm } from './no-refresh-storm.ts';
import { DEFAULT_INVARIANT_OPTIONS } from './types.ts';

const everySeconds = (count: number, seconds: number, clientId = 'main') => Array.from({ length: count }, (_, i) => refresh(1_000 + i * seconds * 1_000, clientId));

describe('no-refresh-storm', () => {
  it('holds for ten refreshes a minute, and per client', () => {
    expect(noRefreshStorm.check(historyOf([...everySeconds(10, 6), ...everySeconds(10, 6, 'w2')]), DEFAULT_INVARIANT_OPTIONS)).toEqual([]);
  });

  it('names every refresh of the minute that went over the budget, once', () => {
    const storm = everySeconds(12, 1);
    const violations = noRefreshStorm.check(historyOf(storm), DEFAULT_INVARIANT_OPTIONS);
    expect(violations).toMatchObject([{ invariant: 'no-refresh-storm', events: storm }]);
  });

  it('takes the budget from the options', () => {
    expect(noRefreshStorm.check(historyOf(everySeconds(4, 1)), { ...DEFAULT_INVARIANT_OPTIONS, maxRefreshesPerWindow: 3 })).toHaveLength(1);
  });
});
