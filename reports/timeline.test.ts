import { describe, expect, it } from 'vitest';
import { buildTimeline } from './timeline.ts';

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
