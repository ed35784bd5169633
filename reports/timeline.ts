/**
 * Turns one run's merged history into the rows of the report's timeline: one
 * lane per actor (the harness, each client window, the IdP), one row per event
 * in time order, each with a short label and the invariants it broke.
 */
import { timeOf, type HistoryEvent } from '../harness/history/types.ts';
import { arrivalOf } from '../harness/invariants/history-queries.ts';
import type { Violation } from '../harness/invariants/types.ts';
import { idpEventLabel, retryAfterText } from './idp-event-label.ts';
import { looksLikeToken, redactText } from './redact.ts';

export interface TimelineRow {
  /** `source:seq` — an event's identity within one run. */
  key: string;
  source: HistoryEvent['source'];
  seq: number;
  /** Real ms since the run's first event. */
  atMs: number;
  lane: string;
  label: string;
  /** Secondary facts (fingerprints, family, fields), already redacted. */
  detail: string;
  /** `fault:<action> (<rule>)` when the IdP injected a fault. */
  fault?: string;
  /** Ids of the invariants this event took part in breaking. */
  violated: string[];
  /** On the harness's row that starts a scenario step: its number, from 1. */
  step?: number;
}

/** A run's rows from one scenario step to the next; step 0 holds what came before the first (the launch). */
export interface TimelineSection {
  step: number;
  rows: TimelineRow[];
}

export interface Timeline {
  lanes: string[];
  rows: TimelineRow[];
}

const HARNESS_LANE = 'harness';
const IDP_LANE = 'IdP';
const CLIENT_BOOKKEEPING = new Set(['seq', 't', 'source', 'window', 'type']);
const MAX_FIELD_CHARS = 48;
const MAX_FIELDS = 4;

export function eventKey(event: Pick<HistoryEvent, 'source' | 'seq'>): string {
  return `${event.source}:${event.seq}`;
}

export function buildTimeline(events: readonly HistoryEvent[], violations: readonly Violation[]): Timeline {
  const violatedBy = new Map<string, string[]>();
  for (const violation of violations) {
    for (const event of violation.events) {
      const ids = violatedBy.get(eventKey(event)) ?? [];
      if (!ids.includes(violation.invariant)) ids.push(violation.invariant);
      violatedBy.set(eventKey(event), ids);
    }
  }
  const ordered = [...events].sort((a, b) => placedAt(a) - placedAt(b));
  const start = ordered.length ? placedAt(ordered[0]!) : 0;
  let steps = 0;
  const rows = ordered.map((event): TimelineRow => ({
    ...describe(event),
    key: eventKey(event),
    source: event.source,
    seq: event.seq,
    atMs: Math.round(placedAt(event) - start),
    violated: violatedBy.get(eventKey(event)) ?? [],
    ...(event.source === 'harness' && event.type === 'step' ? { step: ++steps } : {}),
  }));
  return { lanes: orderLanes(new Set(rows.map((row) => row.lane))), rows };
}

/**
 * A timeline cut where each scenario step starts: runs of one scenario, set side by side, line up step by step
 * (their clocks do not: a buggy client's retries push everything after them down the page).
 */
export function sectionsByStep(timeline: Timeline): TimelineSection[] {
  const sections: TimelineSection[] = [{ step: 0, rows: [] }];
  for (const row of timeline.rows) {
    if (row.step !== undefined) sections.push({ step: row.step, rows: [] });
    sections.at(-1)!.rows.push(row);
  }
  return sections[0]!.rows.length ? sections : sections.slice(1);
}

function orderLanes(lanes: Set<string>): string[] {
  const windows = [...lanes].filter((lane) => lane !== HARNESS_LANE && lane !== IDP_LANE);
  windows.sort((a, b) => (a === 'main' ? -1 : b === 'main' ? 1 : a.localeCompare(b, 'en', { numeric: true })));
  return [...(lanes.has(HARNESS_LANE) ? [HARNESS_LANE] : []), ...windows, ...(lanes.has(IDP_LANE) ? [IDP_LANE] : [])];
}

/**
 * Where an event sits on the timeline. An IdP request sits where it arrived, its answer on the same row (the
 * history records it when answered): so it comes before what it set off — a family revoked for reuse, the client's
 * refresh.failed — and at the time the invariants' messages give it ("sent while … was still unanswered").
 */
function placedAt(event: HistoryEvent): number {
  return event.source === 'idp' && event.type === 'request' ? arrivalOf(event) : timeOf(event);
}

/** Below this an answer is as good as immediate; above it the card says how long the request was open. */
const SLOW_ANSWER_MS = 100;

type Described = Pick<TimelineRow, 'lane' | 'label' | 'detail' | 'fault'>;

function describe(event: HistoryEvent): Described {
  switch (event.source) {
    case 'idp': {
      const { label, complete } = idpEventLabel(event);
      const facts = [
        event.presentedFp && `presented ${event.presentedFp}`,
        event.issuedFps?.refresh && `issued refresh ${event.issuedFps.refresh}`,
        event.issuedFps?.access && `issued access ${event.issuedFps.access}`,
        event.familyId && `family ${event.familyId}`,
        event.clientId && `client ${event.clientId}`,
      ];
      // First, as a card shows only MAX_FIELDS facts: a slow answer is what shows two requests open at once.
      if (event.type === 'request' && event.durationMs !== undefined && event.durationMs >= SLOW_ANSWER_MS) facts.unshift(`answered after ${Math.round(event.durationMs)} ms`);
      return {
        lane: IDP_LANE,
        label: safe(label),
        detail: complete ? '' : joinFacts(facts),
        ...(event.fault ? { fault: safe(`fault:${event.fault.action} (${event.fault.ruleId})`) } : {}),
      };
    }
    case 'client': {
      const fields = Object.entries(event).filter(([key, value]) => !CLIENT_BOOKKEEPING.has(key) && !(key === 'level' && value === 'info') && key !== 'retryAfterMs');
      const retryAfter = retryAfterText(event);
      return { lane: safe(String(event.window ?? 'client')), label: safe(retryAfter ? `${event.type} · ${retryAfter}` : event.type), detail: joinFacts(fields.map(([key, value]) => field(key, value))) };
    }
    case 'harness': {
      const { step, ...rest } = event.detail ?? {};
      const label = event.type === 'step' && typeof step === 'string' ? step : event.type;
      return { lane: HARNESS_LANE, label: safe(label), detail: joinFacts(Object.entries(rest).map(([key, value]) => field(key, value))) };
    }
  }
}

function field(key: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') return undefined;
  const text = String(value);
  if (looksLikeToken(text) || looksLikeToken(key)) return undefined;
  return `${key}=${text.length > MAX_FIELD_CHARS ? `${text.slice(0, MAX_FIELD_CHARS - 1)}…` : text}`;
}

function joinFacts(facts: Array<string | undefined | false | null>): string {
  return facts.filter((fact): fact is string => typeof fact === 'string' && fact.length > 0 && !looksLikeToken(fact)).slice(0, MAX_FIELDS).join(' · ');
}

function safe(text: string): string {
  return redactText(text);
}
