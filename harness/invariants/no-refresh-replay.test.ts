import { describe, expect, it } from 'vitest';
import { historyOf, refresh } from './history-builder.ts';
import { noRefreshReplay } from './no-refresh-replay.ts';
import { DEFAULT_INVARIANT_OPTIONS } from './types.ts';

const check = (events: Parameters<typeof historyOf>[0]) => noRefreshReplay.check(historyOf(events), DEFAULT_INVARIANT_OPTIONS);

describe('no-refresh-replay', () => {
  it('holds for a chain of rotations and a reuse the provider allowed as grace', () => {
    expect(
      check([
        refresh(1_000, 'main', { presentedFp: 'fp:r1', issuedFps: { refresh: 'fp:r2' } }),
        refresh(1_010, 'main', { presentedFp: 'fp:r1', outcome: 'grace-reuse', issuedFps: { refresh: 'fp:r2' } }),
        refresh(5_000, 'main', { presentedFp: 'fp:r2', issuedFps: { refresh: 'fp:r3' } }),
      ]),
    ).toEqual([]);
  });

  it('names the consuming refresh and the replay the IdP detected', () => {
    const consumed = refresh(1_000, 'main', { presentedFp: 'fp:r1' });
    const replay = refresh(9_000, 'main', { presentedFp: 'fp:r1', status: 401, outcome: 'reuse-detected' });
    expect(check([consumed, replay])).toMatchObject([{ invariant: 'no-refresh-replay', events: [consumed, replay] }]);
  });

  it('names the consuming refresh when the IdP answered the refused replay first', () => {
    // Two windows, one token, a slow endpoint: w2's rotation is still signing when w1's reuse is refused.
    const replay = refresh(2_000, 'w1', { presentedFp: 'fp:r1', status: 401, outcome: 'reuse-detected', durationMs: 1_000 });
    const consumed = refresh(2_040, 'w2', { presentedFp: 'fp:r1', durationMs: 1_045 });
    const violations = check([replay, consumed]);
    expect(violations).toMatchObject([{ invariant: 'no-refresh-replay', events: [consumed, replay] }]);
    expect(violations[0]?.message).toMatch(/in idp#\d+ w1 .*; it was consumed by idp#\d+ w2 /);
  });

  it('catches a second presentation of a rotated token even when the IdP did not flag it', () => {
    const consumed = refresh(1_000, 'w1', { presentedFp: 'fp:r1' });
    const replay = refresh(2_000, 'w2', { presentedFp: 'fp:r1', status: 400, outcome: 'invalid-grant' });
    expect(check([consumed, replay])).toMatchObject([{ events: [consumed, replay] }]);
  });

  it('does not count a presentation that reached the IdP while the rotation was still in flight', () => {
    // w2 presents r1 first; a 429 fault holds it for 800 ms. w1's rotation of r1 arrives and is answered meanwhile.
    const consumed = refresh(1_000, 'w1', { presentedFp: 'fp:r1', durationMs: 20 });
    const held = refresh(1_700, 'w2', { presentedFp: 'fp:r1', status: 429, outcome: 'fault:status', fault: { ruleId: 'f1', action: 'status' }, durationMs: 800 });
    expect(check([consumed, held])).toEqual([]);
    // The same presentation arriving just after the rotation was answered is a replay.
    const late = refresh(1_800, 'w2', { presentedFp: 'fp:r1', status: 429, outcome: 'fault:status', fault: { ruleId: 'f1', action: 'status' }, durationMs: 800 });
    expect(check([consumed, late])).toMatchObject([{ invariant: 'no-refresh-replay', events: [consumed, late] }]);
  });
});
