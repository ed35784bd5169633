/** Human-readable traces and failure reports. Tokens appear as fingerprints only. */
import type { SchedulerReportItem } from 'fast-check';
import { fingerprint } from './fingerprint.ts';
import type { CallRecord, RunTrace } from './runner.ts';
import type { WireRecord } from './wire.ts';

const ms = (trace: RunTrace, at: number | null) => (at === null ? '—' : `${at - trace.startedAt}ms`);

function describeCall(trace: RunTrace, call: CallRecord): string {
  const { outcome } = call;
  const result =
    outcome.kind === 'pending'
      ? 'PENDING'
      : outcome.kind === 'resolved'
        ? outcome.status === null ? 'resolved' : `→ ${outcome.status}`
        : `✗ ${outcome.code ?? 'error'}: ${outcome.message}`;
  return `  call ${call.id} ${call.label} started ${ms(trace, call.startedAt)} settled ${ms(trace, call.settledAt)} ${result}`;
}

function describeRecord(trace: RunTrace, record: WireRecord): string {
  const credential = record.route === 'refresh' ? `rt ${fingerprint(record.refreshToken)}` : record.accessToken === null ? '' : `at ${fingerprint(record.accessToken)}`;
  const extra = [
    record.retryAfterMs === null ? null : `Retry-After ${record.retryAfterMs / 1_000}s`,
    record.errorCode,
    record.issued === null ? null : `issued at ${fingerprint(record.issued.accessToken)} rt ${fingerprint(record.issued.refreshToken)}`,
    record.abortedAt === null ? null : `aborted by the client ${ms(trace, record.abortedAt)}`,
  ].filter((x) => x !== null);
  return `  #${record.id} ${record.method} ${record.path} ${credential} sent ${ms(trace, record.sentAt)} → ${record.outcome}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

export function formatTrace(trace: RunTrace): string {
  const { accessToken, refreshToken } = trace.store.snapshot();
  const storeOps = trace.store.operations.map((o) => (o.op === 'clear' ? 'clear' : `set(at ${fingerprint(o.pair.accessToken)}, rt ${fingerprint(o.pair.refreshToken)})`));
  return [
    `trace (virtual time from scenario start; seeded session at/rt ${fingerprint(trace.seeded.accessToken)}):`,
    ...trace.calls.map((c) => describeCall(trace, c)),
    ...trace.wire.map((r) => describeRecord(trace, r)),
    `  store operations: ${storeOps.join(' → ') || 'none'}`,
    `  end: store at ${fingerprint(accessToken)} rt ${fingerprint(refreshToken)}; windows ${trace.statuses.join(', ')}${trace.stall ? `; STALLED (${trace.stall})` : ''}`,
  ].join('\n');
}

export function formatSchedulerReport(report: ReadonlyArray<SchedulerReportItem>): string {
  return report.map((item) => `  [task ${item.taskId}] ${item.label || item.schedulingType} ${item.status}`).join('\n');
}
