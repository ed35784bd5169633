import { describe, expect, it } from 'vitest';
import { api, client, historyOf, refresh, refreshFault } from './history-builder.ts';
import { checkInvariants, INVARIANTS } from './registry.ts';

describe('checkInvariants', () => {
  it('lists each invariant once, each described for educators', () => {
    const ids = INVARIANTS.map((invariant) => invariant.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const invariant of INVARIANTS) expect(invariant.description.length).toBeGreaterThan(200);
  });

  it('passes a clean run on every invariant', () => {
    const history = historyOf([client(0, 'main', 'app.started'), refresh(100, 'main', { presentedFp: 'fp:r1' }), api(200, 'w1', 200)]);
    expect(checkInvariants(history)).toEqual({ passed: INVARIANTS.map((invariant) => invariant.id), violations: [] });
  });

  it('checks only the chosen invariants, with the given options', () => {
    const limited = refreshFault(1_000, 'main', 429);
    const early = refresh(1_100, 'main');
    const history = historyOf([limited, client(1_001, 'main', 'refresh.failed', { classification: 'rate-limited', status: 429, retryAfterMs: 2_000 }), early]);
    expect(checkInvariants(history, { only: ['no-refresh-storm'], options: { maxRefreshesPerWindow: 1 } })).toMatchObject({ passed: [], violations: [{ invariant: 'no-refresh-storm' }] });
    expect(checkInvariants(history, { only: ['retry-after-honoured'] })).toMatchObject({ passed: [], violations: [{ invariant: 'retry-after-honoured', events: [limited, early] }] });
  });

  it('rejects an unknown invariant id', () => {
    expect(() => checkInvariants(historyOf([]), { only: ['single-flite'] })).toThrow(TypeError);
  });
});
