import { describe, expect, it } from 'vitest';
import { buildTimeline, sectionsByStep } from './timeline.ts';

describe('buildTimeline, the cards', () => {
  it("gives an admin event's card its words alone, and a client's 429 its Retry-After", () => {
    const { rows } = buildTimeline(
      [
        { source: 'idp', seq: 1, type: 'admin', vt: 0, rt: 0, outcome: 'family-revoked', familyId: 'fam_1', userId: 'u1', detail: { reason: 'reuse-detected' } },
        { source: 'client', seq: 2, t: 1, window: 'main', type: 'refresh.failed', level: 'info', status: 429, classification: 'rate-limited', retryAfterMs: 1_000 },
        { source: 'client', seq: 3, t: 2, window: 'main', type: 'refresh.failed', level: 'warn', status: 503 },
      ],
      [],
    );
    expect(rows.map(({ label, detail }) => ({ label, detail }))).toEqual([
      { label: 'IdP revoked the token family fam_1 (reuse detected)', detail: '' },
      { label: 'refresh.failed · Retry-After 1 s', detail: 'status=429 · classification=rate-limited' },
      { label: 'refresh.failed', detail: 'level=warn · status=503' },
    ]);
  });
});

describe('buildTimeline, the order', () => {
  it('sets an IdP request where it arrived, before what it set off, and says when an answer was slow', () => {
    const { rows } = buildTimeline(
      [
        { source: 'client', seq: 1, t: 0, window: 'w1', type: 'refresh.started' },
        // Recorded when answered (rt), a second after it arrived: the reuse it detected revoked the family meanwhile.
        { source: 'idp', seq: 3, type: 'admin', vt: 0, rt: 1_040, outcome: 'family-revoked', familyId: 'fam_1', detail: { reason: 'reuse-detected' } },
        { source: 'client', seq: 4, t: 1_045, window: 'w1', type: 'refresh.failed', status: 401 },
        { source: 'idp', seq: 2, type: 'request', vt: 0, rt: 1_050, durationMs: 1_000, group: 'refresh', method: 'POST', path: '/api/auth/refresh', status: 401, outcome: 'reuse-detected' },
      ],
      [],
    );
    expect(rows.map((row) => [row.key, row.atMs])).toEqual([['client:1', 0], ['idp:2', 50], ['idp:3', 1_040], ['client:4', 1_045]]);
    expect(rows[1]!.detail).toBe('answered after 1000 ms');
  });
});

describe('sectionsByStep', () => {
  it('cuts the rows where each scenario step starts, numbering the steps from 1; what came before is step 0', () => {
    const timeline = buildTimeline(
      [
        { source: 'client', seq: 1, t: 0, window: 'main', type: 'app.ready' },
        { source: 'harness', seq: 1, t: 5, type: 'step', detail: { step: 'signIn' } },
        { source: 'client', seq: 2, t: 8, window: 'w1', type: 'signed-in' },
        { source: 'harness', seq: 2, t: 9, type: 'settled' },
        { source: 'harness', seq: 3, t: 10, type: 'step', detail: { step: 'advanceClock' } },
      ],
      [],
    );
    expect(sectionsByStep(timeline).map(({ step, rows }) => ({ step, keys: rows.map((row) => row.key) }))).toEqual([
      { step: 0, keys: ['client:1'] },
      { step: 1, keys: ['harness:1', 'client:2', 'harness:2'] },
      { step: 2, keys: ['harness:3'] },
    ]);
    // A run that starts with its first step has no step 0.
    expect(sectionsByStep(buildTimeline([{ source: 'harness', seq: 1, t: 0, type: 'step', detail: { step: 'signIn' } }], [])).map(({ step }) => step)).toEqual([1]);
  });
});
