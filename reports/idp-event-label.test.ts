import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../harness/history/types.ts';
import { formatDuration, idpEventLabel } from './idp-event-label.ts';

type IdpHistoryEvent = Extract<HistoryEvent, { source: 'idp' }>;
const admin = (outcome: string, fields: Partial<IdpHistoryEvent> = {}): IdpHistoryEvent => ({ source: 'idp', seq: 1, type: 'admin', vt: 0, rt: 0, outcome, ...fields });
const request = (fields: Partial<IdpHistoryEvent>): IdpHistoryEvent => ({ source: 'idp', seq: 1, type: 'request', vt: 0, rt: 0, method: 'POST', path: '/api/auth/refresh', outcome: 'ok', ...fields });

describe('idpEventLabel, admin events', () => {
  it("says a family the IdP revoked on reuse is the IdP's doing, not an operator's", () => {
    expect(idpEventLabel(admin('family-revoked', { familyId: 'fam_1', detail: { reason: 'reuse-detected' } }))).toEqual({ label: 'IdP revoked the token family fam_1 (reuse detected)', complete: true });
    expect(idpEventLabel(admin('family-revoked', { familyId: 'fam_2', detail: { reason: 'abuse-detected' } })).label).toBe('IdP revoked the token family fam_2: refresh abuse detected, the user must sign in again');
  });

  it('says why else a family ended, and who ended it', () => {
    const because = (reason: string) => idpEventLabel(admin('family-revoked', { familyId: 'fam_2', detail: { reason } })).label;
    expect(because('session-expired')).toBe('IdP ended the token family fam_2: its session expired');
    expect(because('signed-out')).toBe('token family fam_2 ended: the user signed out');
    expect(because('revoked-by-client')).toBe("token family fam_2 revoked at the client's request (RFC 7009 revocation)");
    expect(because('user-revoked')).toBe('IdP revoked the token family fam_2 with every session of its user');
    expect(because('admin')).toBe('scenario revoked the token family fam_2 (admin API)');
    expect(because('new-reason')).toBe('IdP revoked the token family fam_2 (new-reason)');
    expect(idpEventLabel(admin('family-revoked', { familyId: 'fam_3' })).label).toBe('IdP revoked the token family fam_3');
  });

  it('says a family past the capacity was forgotten, not revoked, and how many the IdP keeps', () => {
    expect(idpEventLabel(admin('family-forgotten', { familyId: 'fam_1', detail: { capacity: 100_000 } }))).toEqual({ label: 'IdP forgot the token family fam_1 with its tokens and session: it remembers only the newest 100,000 sign-ins', complete: true });
    expect(idpEventLabel(admin('family-forgotten', { familyId: 'fam_1' })).label).toBe('IdP forgot the token family fam_1 with its tokens and session: it remembers only the newest sign-ins');
  });

  it("names the scenario as the one acting through the admin API, with what it did", () => {
    const said = (outcome: string, detail?: Record<string, unknown>) => idpEventLabel(admin(outcome, detail ? { detail } : {})).label;
    expect(said('clock-advanced', { byMs: 960_000, to: 1 })).toBe('scenario moved the IdP clock forward 16 min (admin API)');
    expect(said('clock-set', { to: Date.UTC(2030, 0, 2) })).toBe('scenario set the IdP clock to 2030-01-02T00:00:00.000Z (admin API)');
    expect(said('fault-added', { ruleId: 'refresh-429', action: 'status' })).toBe('scenario added the fault rule refresh-429 (status) (admin API)');
    expect(said('fault-removed', { ruleId: 'api-502' })).toBe('scenario removed the fault rule api-502 (admin API)');
    expect(said('faults-cleared')).toBe('scenario cleared every fault rule (admin API)');
    expect(said('revoked', { familyId: 'fam_1', revoked: 1 })).toBe('scenario revoked the token family fam_1 at the IdP: 1 revoked (admin API)');
    expect(said('revoked', { all: true, revoked: 2 })).toBe('scenario revoked every session at the IdP: 2 revoked (admin API)');
    expect(said('access-expired', { scope: 'all' })).toBe('scenario expired every access token (admin API)');
    expect(said('config-updated', { fields: ['lifetimes'] })).toBe("scenario changed the IdP's lifetimes (admin API)");
    expect(said('signing-key-rotated', { kid: 'ts-2', alg: 'RS256', retired: [] })).toBe("scenario rotated the IdP's signing key to ts-2 (RS256) (admin API)");
    expect(said('signing-key-rotated', { kid: 'ts-3', alg: 'ES256', retired: ['ts-1', 'ts-2'] }))
      .toBe("scenario rotated the IdP's signing key to ts-3 (ES256), retiring the 2 previous keys: tokens they signed are refused (admin API)");
    expect(said('signing-key-retired', { kid: 'ts-1' })).toBe("scenario retired the IdP's signing key ts-1: tokens it signed are refused (admin API)");
    expect(said('reset')).toBe('scenario reset the IdP (admin API)');
  });

  it('keeps the old words for an admin event it does not know, and lists its fields', () => {
    expect(idpEventLabel(admin('something-new', { path: '/admin/x' }))).toEqual({ label: 'admin /admin/x something-new', complete: false });
  });
});

describe('idpEventLabel, requests', () => {
  it('shows the Retry-After a 429 carries, and none when it carries none', () => {
    expect(idpEventLabel(request({ status: 429, outcome: 'fault:status', detail: { retryAfterMs: 2_000 } })).label).toBe('POST /api/auth/refresh → 429 fault:status · Retry-After 2 s');
    expect(idpEventLabel(request({ status: 429, outcome: 'rate-limited', detail: { retryAfter: 'Wed, 21 Oct 2030 07:28:00 GMT' } })).label).toBe('POST /api/auth/refresh → 429 rate-limited · Retry-After Wed, 21 Oct 2030 07:28:00 GMT');
    expect(idpEventLabel(request({ status: 429, outcome: 'fault:status' })).label).toBe('POST /api/auth/refresh → 429 fault:status');
    expect(idpEventLabel(request({ status: 200, outcome: 'rotated' })).label).toBe('POST /api/auth/refresh → 200 rotated');
  });
});

describe('formatDuration', () => {
  it('uses the largest unit that says it exactly', () => {
    expect([960_000, 1_000, 1_500, 250, 7_200_000, 259_200_000, 90_000].map(formatDuration)).toEqual(['16 min', '1 s', '1.5 s', '250 ms', '2 h', '3 d', '90 s']);
  });
});
