import { describe, expect, it } from 'vitest';
import { client, historyOf, refresh, refreshFault } from './history-builder.ts';
import { retryDiscipline } from './retry-discipline.ts';
import type { HistoryEvent } from '../history/types.ts';
import { DEFAULT_INVARIANT_OPTIONS } from './types.ts';

const check = (events: Parameters<typeof historyOf>[0]) => retryDiscipline.check(historyOf(events), DEFAULT_INVARIANT_OPTIONS);

describe('retry-after-honoured', () => {
  it('holds when the client waits out Retry-After and backs off further each time', () => {
    expect(
      check([
        refreshFault(1_000, 'main', 429),
        client(1_002, 'main', 'refresh.failed', { classification: 'rate-limited', status: 429, retryAfterMs: 5_000 }),
        refreshFault(6_100, 'main', 503),
        refreshFault(7_300, 'main', 503), // floor after 2 failures: 1 s
        refresh(9_500, 'main'), // floor after 3 failures: 2 s
      ]),
    ).toEqual([]);
  });

  it('names the 429 and the refresh sent before its Retry-After elapsed', () => {
    const limited = refreshFault(1_000, 'main', 429);
    const early = refresh(2_000, 'main');
    const violations = check([limited, client(1_002, 'main', 'refresh.failed', { classification: 'rate-limited', status: 429, retryAfterMs: 5_000 }), early]);
    expect(violations).toMatchObject([{ invariant: 'retry-after-honoured', events: [limited, early] }]);
    expect(violations[0]!.message).toContain('Retry-After 5 s');
  });

  it("judges a 503's Retry-After too, as the IdP recorded it sending it, whatever the client logged", () => {
    const unavailable = { ...refreshFault(1_000, 'main', 503), detail: { retryAfterMs: 2_000 } } as HistoryEvent;
    const early = refresh(1_700, 'main'); // over the 500 ms backoff floor, under the 2 s Retry-After
    const violations = check([unavailable, early]);
    expect(violations).toMatchObject([{ invariant: 'retry-after-honoured', events: [unavailable, early] }]);
    expect(violations[0]!.message).toContain('answered 503 with Retry-After 2 s');
    expect(check([unavailable, refresh(3_100, 'main')])).toEqual([]);
  });

  it('names the failure and the retry that came sooner than the backoff floor', () => {
    const first = refreshFault(1_000, 'main', 503);
    const second = refreshFault(1_600, 'main', 503);
    const third = refresh(1_700, 'main');
    expect(check([first, second, third])).toMatchObject([{ events: [second, third] }]);
  });
});
