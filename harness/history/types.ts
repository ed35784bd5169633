/**
 * One run's history: everything the IdP and the client did, merged in one
 * time order (DESIGN.md, "Data flow"). Invariants are checked on it after the
 * run, like a Jepsen checker; reports draw their timeline from it.
 */
import type { IdpEvent } from '../../mock-idp/index.ts';
import type { ClientLogEvent } from '../drivers/client-event-log.ts';

/** An IdP event (request or admin action) or a client event, tagged by source. */
export type HistoryEvent =
  | ({ source: 'idp' } & IdpEvent)
  | ({ source: 'client' } & ClientLogEvent)
  | { source: 'harness'; seq: number; t: number; type: string; detail?: Record<string, unknown> };

export interface History {
  /** Events in real-time order (`rt` for IdP events, `t` for client and harness events). */
  events: HistoryEvent[];
  /** Raw token strings the IdP issued during the run — for leak scanning only, never reported. */
  issuedTokens: string[];
}

/** Real time of any history event, epoch ms. */
export function timeOf(event: HistoryEvent): number {
  return event.source === 'idp' ? event.rt : event.t;
}

export function mergeHistory(idp: IdpEvent[], client: ClientLogEvent[], harness: Array<Extract<HistoryEvent, { source: 'harness' }>> = []): HistoryEvent[] {
  const all: HistoryEvent[] = [...idp.map((event) => ({ ...event, source: 'idp' as const })), ...client.map((event) => ({ ...event, source: 'client' as const })), ...harness];
  // Stable sort: events of one source keep their own order when times tie.
  return all.sort((a, b) => timeOf(a) - timeOf(b));
}
