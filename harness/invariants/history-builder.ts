/** Hand-built histories for the invariants' tests: small, readable, times in ms from 0. */
import type { IdpEvent } from '../../mock-idp/index.ts';
import type { History, HistoryEvent } from '../history/types.ts';

let seq = 0;

type IdpFields = Partial<Omit<IdpEvent, 'source' | 'rt' | 'vt' | 'seq'>>;

/** An IdP request answered at `rt` after `durationMs` (default 5). */
export function request(rt: number, fields: IdpFields & { clientId: string }): HistoryEvent {
  return { source: 'idp', seq: ++seq, type: 'request', rt, vt: rt, outcome: 'ok', method: 'GET', durationMs: 5, ...fields };
}

export function refresh(rt: number, clientId: string, fields: IdpFields = {}): HistoryEvent {
  return request(rt, { group: 'refresh', method: 'POST', path: '/api/auth/refresh', status: 200, outcome: 'rotated', clientId, familyId: 'fam1', ...fields });
}

export function refreshFault(rt: number, clientId: string, status: number | undefined, action = 'status'): HistoryEvent {
  return request(rt, {
    group: 'refresh',
    method: 'POST',
    path: '/api/auth/refresh',
    ...(status === undefined ? {} : { status }),
    outcome: `fault:${action}`,
    clientId,
    fault: { ruleId: 'r1', action },
  });
}

export function api(rt: number, clientId: string, status: number, fields: IdpFields = {}): HistoryEvent {
  return request(rt, { group: 'api', path: '/api/notes', status, outcome: status === 200 ? 'ok' : 'invalid-token', clientId, familyId: 'fam1', presentedFp: 'fp:access00001', ...fields });
}

export function admin(rt: number, outcome: string, fields: IdpFields = {}): HistoryEvent {
  return { source: 'idp', seq: ++seq, type: 'admin', rt, vt: rt, outcome, ...fields };
}

export function client(t: number, window: string, type: string, fields: Record<string, unknown> = {}): HistoryEvent {
  return { source: 'client', seq: ++seq, t, window, type, ...fields };
}

export function step(t: number, name: string, detail: Record<string, unknown> = {}): HistoryEvent {
  return { source: 'harness', seq: ++seq, t, type: 'step', detail: { step: name, ...detail } };
}

export function historyOf(events: HistoryEvent[], issuedTokens: string[] = []): History {
  return { events, issuedTokens };
}
