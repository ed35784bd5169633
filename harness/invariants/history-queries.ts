/**
 * Small, named questions about a merged history that several invariants ask:
 * which IdP requests are refreshes, when a request arrived, which harness step
 * an event is, which refresh failures are transient.
 */
import { timeOf, type HistoryEvent } from '../history/types.ts';

export type IdpHistoryEvent = Extract<HistoryEvent, { source: 'idp' }>;
export type ClientHistoryEvent = Extract<HistoryEvent, { source: 'client' }>;
export type HarnessHistoryEvent = Extract<HistoryEvent, { source: 'harness' }>;

/** IdP outcomes of a refresh request that its handler answered. */
const REFRESH_OUTCOMES = new Set(['rotated', 'grace-reuse', 'reuse-detected']);
/** Client refresh failures that say nothing about the session's validity. */
export const TRANSIENT_CLASSIFICATIONS = new Set(['rate-limited', 'server-error', 'network', 'timeout']);
/** Fault actions after which the client sees no usable answer (network error or unreadable body). */
const TRANSIENT_FAULT_ACTIONS = new Set(['reset', 'hang', 'blackhole', 'truncate', 'malformed']);

export function isIdpRequest(event: HistoryEvent): event is IdpHistoryEvent {
  return event.source === 'idp' && event.type === 'request';
}

export function isIdpAdmin(event: HistoryEvent): event is IdpHistoryEvent {
  return event.source === 'idp' && event.type === 'admin';
}

export function isClientEvent(event: HistoryEvent, type?: string): event is ClientHistoryEvent {
  return event.source === 'client' && (type === undefined || event.type === type);
}

/** The harness step an event records (`{type: 'step', detail: {step}}`), if it is one. */
export function harnessStep(event: HistoryEvent): string | undefined {
  if (event.source !== 'harness' || event.type !== 'step') return undefined;
  const step = event.detail?.['step'];
  return typeof step === 'string' ? step : undefined;
}

function isRefreshGrant(event: IdpHistoryEvent): boolean {
  return event.group === 'token' && (event.detail?.['grant'] === 'refresh_token' || REFRESH_OUTCOMES.has(event.outcome));
}

/**
 * Every refresh the IdP saw: the recipe's `POST /api/auth/refresh` and the OAuth
 * refresh_token grant. A faulted token-endpoint request never reached the grant
 * dispatcher, so it counts as a refresh when its client made refresh_token grants
 * in this run (device-code polling from the same client would be miscounted).
 */
export function refreshRequests(events: readonly HistoryEvent[]): IdpHistoryEvent[] {
  const requests = events.filter(isIdpRequest);
  const grantClients = new Set(requests.filter(isRefreshGrant).map((event) => event.clientId));
  return requests.filter(
    (event) =>
      (event.group === 'refresh' && event.method === 'POST') ||
      isRefreshGrant(event) ||
      (event.group === 'token' && event.fault !== undefined && event.clientId !== undefined && grantClients.has(event.clientId)),
  );
}

/** When the IdP received a request: it records the event when the response is sent. */
export function arrivalOf(event: IdpHistoryEvent): number {
  return event.rt - (event.durationMs ?? 0);
}

export function isSuccess(event: IdpHistoryEvent): boolean {
  return event.status !== undefined && event.status >= 200 && event.status < 300 && !TRANSIENT_FAULT_ACTIONS.has(event.fault?.action ?? '');
}

/** A refresh answer that says "try again later": 429, 5xx, a dropped connection or an unreadable body. */
export function isTransientFailure(event: IdpHistoryEvent): boolean {
  if (TRANSIENT_FAULT_ACTIONS.has(event.fault?.action ?? '')) return true;
  if (event.status === undefined) return true;
  return event.status === 429 || event.status >= 500;
}

/** The client learned of the failure only when it gave up waiting: its time is unknown from the IdP side. */
export function isUnanswered(event: IdpHistoryEvent): boolean {
  return event.status === undefined;
}

export function byTime(a: HistoryEvent, b: HistoryEvent): number {
  return timeOf(a) - timeOf(b);
}

/** Groups items by a key, skipping items without one; keeps their order. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export function numberField(event: HistoryEvent, field: string): number | undefined {
  const value = (event as unknown as Record<string, unknown>)[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function stringField(event: HistoryEvent, field: string): string | undefined {
  const value = (event as unknown as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

/** Short label of an event for messages: `idp#12 POST /api/auth/refresh 429` or `client#4 main token.cleared`. */
export function describe(event: HistoryEvent): string {
  if (event.source === 'idp') {
    return event.type === 'admin' ? `idp#${event.seq} admin ${event.outcome}` : `idp#${event.seq} ${event.clientId ?? '?'} ${event.method ?? ''} ${event.path ?? ''} → ${event.status ?? 'no answer'} (${event.outcome})`;
  }
  if (event.source === 'client') return `client#${event.seq} ${event.window} ${event.type}`;
  return `harness#${event.seq} ${harnessStep(event) ?? event.type}`;
}
