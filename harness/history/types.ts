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
  /**
   * Events in time order (`rt` for IdP events, `t` for client and harness
   * events). Times are on the client's clock: real time, or — when the run
   * played at a time scale — real time since the run began, times the scale.
   */
  events: HistoryEvent[];
  /** Raw token strings the IdP issued during the run — for leak scanning only, never reported. */
  issuedTokens: string[];
}

/** Real time of any history event, epoch ms. */
export function timeOf(event: HistoryEvent): number {
  return event.source === 'idp' ? event.rt : event.t;
}

/** A run played `scale` times faster than real time, from `origin` (epoch ms). */
export interface TimeScale {
  scale: number;
  origin: number;
}

export function mergeHistory(idp: IdpEvent[], client: ClientLogEvent[], harness: Array<Extract<HistoryEvent, { source: 'harness' }>> = [], time: TimeScale = { scale: 1, origin: 0 }): HistoryEvent[] {
  const all: HistoryEvent[] = [...harness, ...idp.map((event) => ({ ...event, source: 'idp' as const })), ...client.map((event) => ({ ...event, source: 'client' as const }))];
  // Stable sort: events of one source keep their own order when times tie, and a harness step comes before
  // what it caused in the same millisecond (it is recorded before it runs).
  return all.sort((a, b) => timeOf(a) - timeOf(b)).map((event) => onClientClock(event, time));
}

/**
 * Real times onto the client's clock, so invariants judge waits in the units
 * the client waited them: a Retry-After of 2 s played at scale 10 is 200 real ms.
 */
function onClientClock(event: HistoryEvent, { scale, origin }: TimeScale): HistoryEvent {
  if (scale === 1) return event;
  const at = (real: number) => origin + (real - origin) * scale;
  if (event.source !== 'idp') return { ...event, t: at(event.t) };
  return { ...event, rt: at(event.rt), ...(event.durationMs === undefined ? {} : { durationMs: event.durationMs * scale }) };
}
