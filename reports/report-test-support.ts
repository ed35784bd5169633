/**
 * Two small synthetic runs for the report tests — one passing, one failing with
 * a violation that names two events — and shard report directories built from them.
 */
import type { HistoryEvent } from '../harness/history/types.ts';
import type { ScenarioRun } from '../harness/runner/run-scenario.ts';
import type { ShardInfo } from './json-report.ts';
import type { ReportedRun, SuiteMode } from './reported-run.ts';
import { writeReport } from './write-report.ts';

const T0 = 1_760_000_000_000;

/** A token that must never reach a report, planted in event fields. */
export const PLANTED_JWT = `eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.${'eyJzdWIiOiJkZW1vIiwiZXhwIjo0MTAyNDQ0ODAwfQ'.repeat(3)}.${'c2lnbmF0dXJlLXNpZ25hdHVyZQ'.repeat(2)}`;
export const PLANTED_REFRESH = 'rt_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';

const idp = (seq: number, at: number, fields: Partial<Extract<HistoryEvent, { source: 'idp' }>>): HistoryEvent => ({ source: 'idp', seq, type: 'request', vt: T0 + at, rt: T0 + at, outcome: 'ok', ...fields });
const client = (seq: number, at: number, window: string, type: string, fields: Record<string, unknown> = {}): HistoryEvent => ({ source: 'client', seq, t: T0 + at, window, type, ...fields });
const harness = (seq: number, at: number, step: string, detail: Record<string, unknown> = {}): HistoryEvent => ({ source: 'harness', seq, t: T0 + at, type: 'step', detail: { step, ...detail } });

const staleRefreshA = idp(3, 130, { method: 'POST', path: '/oauth/token', status: 200, outcome: 'rotated', clientId: 'desktop', familyId: 'fam_1', presentedFp: 'fp:r1a2b3', issuedFps: { refresh: 'fp:r2c4d5', access: 'fp:a2e6f7' } });
const staleRefreshB = idp(4, 142, { method: 'POST', path: '/oauth/token', status: 400, outcome: 'reuse-detected', clientId: 'desktop', familyId: 'fam_1', presentedFp: 'fp:r1a2b3', fault: { ruleId: 'slow-token', action: 'delay' }, detail: { token: PLANTED_JWT } });

export const FAILING_EVENTS: HistoryEvent[] = [
  harness(1, 0, 'launch', { windows: 2 }),
  client(1, 40, 'main', 'restored-cached-user', { user: 'demo' }),
  harness(2, 100, 'expire-access-token'),
  client(2, 120, 'w1', 'refresh-started', { reason: 'expired', accessToken: PLANTED_JWT }),
  client(3, 125, 'w2', 'refresh-started', { reason: '<script>alert(1)</script>' }),
  staleRefreshA,
  staleRefreshB,
  client(4, 150, 'w2', 'refresh-failed', { code: 'SESSION_EXPIRED', sessionEnded: true, refreshToken: PLANTED_REFRESH }),
  idp(5, 160, { type: 'admin', path: '/admin/families', outcome: 'family-revoked', familyId: 'fam_1' }),
];

export const PASSING_EVENTS: HistoryEvent[] = [
  harness(1, 0, 'launch', { windows: 1 }),
  idp(1, 20, { method: 'POST', path: '/oauth/token', status: 200, outcome: 'rotated', familyId: 'fam_9', presentedFp: 'fp:r9' }),
  client(1, 30, 'w1', 'refresh-succeeded'),
];

export function sampleRuns(): ScenarioRun[] {
  const base = { driver: 'chromium (test)', seed: 7, timeScale: 1, stepsRun: 3, failures: [] as string[] };
  return [
    {
      ...base,
      scenario: 'expiry-mid-request',
      title: 'The access token expires mid-request',
      teaches: 'A 401 on an expired access token is the cue to refresh once and retry, not to sign the user out.',
      variant: 'reference',
      passed: true,
      violations: [],
      durationMs: 840,
      history: { events: PASSING_EVENTS, issuedTokens: [PLANTED_JWT] },
    },
    {
      ...base,
      scenario: 'two-windows-refresh',
      title: 'Two windows refresh at once',
      teaches: 'Two windows that see the same expired token must share one refresh: under strict rotation the second is a replay.',
      variant: 'no-single-flight',
      passed: false,
      failures: ['window 2: expected state signed-in, found session-expired'],
      violations: [{ invariant: 'single-flight', message: 'two refreshes presented fp:r1a2b3 within 12 ms', events: [staleRefreshA, staleRefreshB] }],
      durationMs: 1_530,
      history: { events: FAILING_EVENTS, issuedTokens: [PLANTED_JWT, PLANTED_REFRESH] },
    },
  ];
}

export interface ShardFixture {
  mode: SuiteMode;
  runs: ReportedRun[];
  shard?: ShardInfo;
  createdAt?: string;
}

/** A report directory as one `tokenstorm run|matrix --shard i/n --report DIR` leaves it. */
export function writeShardReport(dir: string, fixture: ShardFixture): void {
  writeReport(dir, { mode: fixture.mode, createdAt: fixture.createdAt ?? '2025-06-01T12:00:00.000Z', runs: fixture.runs, ...(fixture.shard ? { shard: fixture.shard } : {}) });
}
