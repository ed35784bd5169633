/**
 * Shared checks on a run's trace (fast-check's ArbitraryAssertions, for
 * token refresh): each throws a PropertyViolation that names what broke.
 */
import type { TokenPair } from '../../electron-app/src/core/ports.ts';
import { fingerprint } from './fingerprint.ts';
import type { RunTrace } from './runner.ts';
import type { WireRecord } from './wire.ts';

export class PropertyViolation extends Error {
  override readonly name = 'PropertyViolation';
}

export function violated(message: string): never {
  throw new PropertyViolation(message);
}

export function refreshRequests(trace: RunTrace): WireRecord[] {
  return trace.wire.filter((r) => r.route === 'refresh');
}

export function expectNoStall(trace: RunTrace): void {
  if (trace.stall === null) return;
  const pending = trace.calls.filter((c) => c.outcome.kind === 'pending').map((c) => `${c.id} (${c.label})`);
  violated(`the run never settled (${trace.stall}); still pending: ${pending.join(', ') || 'none'}`);
}

export function expectAllSettled(trace: RunTrace): void {
  expectNoStall(trace);
  const pending = trace.calls.filter((c) => c.outcome.kind === 'pending');
  if (pending.length > 0) violated(`calls never settled: ${pending.map((c) => c.label).join(', ')}`);
}

export function expectRefreshCount(trace: RunTrace, expected: number, why: string): void {
  const count = refreshRequests(trace).length;
  if (count !== expected) violated(`expected exactly ${expected} refresh request(s) (${why}), the IdP saw ${count}`);
}

export function expectFetchesSucceeded(trace: RunTrace): void {
  for (const call of trace.calls) {
    if (call.kind !== 'fetch' && call.kind !== 'recovery') continue;
    const { outcome } = call;
    if (outcome.kind === 'resolved' && outcome.status !== null && outcome.status < 400) continue;
    const got = outcome.kind === 'resolved' ? `status ${outcome.status}` : outcome.kind === 'rejected' ? `error ${outcome.code ?? outcome.message}` : 'nothing';
    violated(`call ${call.id} (${call.label}) should have succeeded with the new token, got ${got}`);
  }
}

/** The refresh token each refresh request presented, and whether the IdP had already rotated it away. */
export function expectNoRefreshTokenPresentedTwice(trace: RunTrace): void {
  const consumedAt = new Map<string, number>();
  for (const record of [...refreshRequests(trace)].sort((a, b) => a.sentSeq - b.sentSeq)) {
    const token = record.refreshToken;
    if (token === null) continue;
    const consumed = consumedAt.get(token);
    if (consumed !== undefined && consumed < record.sentSeq) {
      violated(`refresh token ${fingerprint(token)} was presented again (request #${record.id}) after the IdP had rotated it`);
    }
    if (record.errorCode === 'REFRESH_TOKEN_REUSED') violated(`the IdP detected refresh-token reuse on request #${record.id} (${fingerprint(token)})`);
    if (record.outcome === 200 && record.processedSeq !== null && !consumedAt.has(token)) consumedAt.set(token, record.processedSeq);
  }
}

/** The newest session the IdP handed out: the last rotation it processed, else the seeded sign-in token. */
export function newestIssued(trace: RunTrace): TokenPair {
  let newest: WireRecord | null = null;
  for (const record of trace.wire) {
    if (record.route === 'refresh' && record.issued !== null && (newest === null || (record.processedSeq ?? 0) > (newest.processedSeq ?? 0))) newest = record;
  }
  return newest?.issued ?? trace.seeded;
}

export function expectStoredNewestRefreshToken(trace: RunTrace): void {
  const stored = trace.store.snapshot().refreshToken;
  if (stored === null) violated('no refresh token stored at the end, although the session was never ended');
  const newest = newestIssued(trace).refreshToken;
  if (stored !== newest) violated(`stored refresh token ${fingerprint(stored)} is not the newest the IdP issued (${fingerprint(newest)})`);
}

export function expectStoreEmpty(trace: RunTrace, why: string): void {
  const { accessToken, refreshToken } = trace.store.snapshot();
  if (accessToken !== null || refreshToken !== null) {
    violated(`tokens are still stored (${fingerprint(accessToken)}, ${fingerprint(refreshToken)}) ${why}`);
  }
}
