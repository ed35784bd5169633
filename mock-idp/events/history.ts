/**
 * The IdP side of a run's history: every request it handled and every admin
 * action, in order, with virtual and real time. Tokens appear only as
 * fingerprints. Kept in a bounded ring (oldest dropped, counted) and streamed.
 */
export interface IdpEvent {
  seq: number;
  source: 'idp';
  type: 'request' | 'admin';
  /** Virtual time (epoch ms) when the event was recorded. */
  vt: number;
  /** Real time (epoch ms). */
  rt: number;
  group?: string;
  method?: string;
  path?: string;
  status?: number;
  /** What happened, e.g. `rotated`, `reuse-detected`, `ok`, `invalid_token`, `fault:reset`. */
  outcome: string;
  clientId?: string;
  userId?: string;
  familyId?: string;
  /** Fingerprint of the token presented (refresh or access). */
  presentedFp?: string;
  /** Fingerprints of tokens issued by this request. */
  issuedFps?: { access?: string; refresh?: string };
  fault?: { ruleId: string; action: string };
  /** Real milliseconds the IdP spent on the request. */
  durationMs?: number;
  detail?: Record<string, unknown>;
}

export type IdpEventInput = Omit<IdpEvent, 'seq' | 'source' | 'vt' | 'rt'>;

export interface EventHistory {
  record(event: IdpEventInput): IdpEvent;
  list(query?: { since?: number; limit?: number; type?: IdpEvent['type'] }): IdpEvent[];
  subscribe(listener: (event: IdpEvent) => void): () => void;
  stats(): { size: number; capacity: number; dropped: number; lastSeq: number; inFlight: number; held: number };
  /** A request in a route group arrived; it is in flight until its event is recorded. */
  requestOpened(): void;
  /** A request's event was recorded: answered, dropped by a fault, or given up by the client. */
  requestClosed(): void;
  /** A `delay` fault started (true) or stopped (false) holding an in-flight request. */
  requestHeld(holding: boolean): void;
  clear(): void;
}

export function createEventHistory(options: {
  capacity: number;
  clock: { now(): number };
  /** A listener that throws is told of here; the event is recorded and the other listeners hear of it all the same. */
  onListenerError?: (error: unknown) => void;
}): EventHistory {
  let events: IdpEvent[] = [];
  let dropped = 0;
  let seq = 0;
  let inFlight = 0;
  let held = 0;
  const listeners = new Set<(event: IdpEvent) => void>();

  return {
    record(input) {
      const event: IdpEvent = { seq: ++seq, source: 'idp', vt: options.clock.now(), rt: Date.now(), ...input };
      events.push(event);
      if (events.length > options.capacity) {
        // Drop in chunks so a full ring costs amortised O(1) per event.
        const excess = Math.max(events.length - options.capacity, Math.ceil(options.capacity / 10));
        events = events.slice(excess);
        dropped += excess;
      }
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          options.onListenerError?.(error);
        }
      }
      return event;
    },
    list({ since = 0, limit = Infinity, type } = {}) {
      const start = events.findIndex((event) => event.seq > since);
      if (start < 0) return [];
      const selected = events.slice(start).filter((event) => !type || event.type === type);
      return selected.slice(0, limit);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stats: () => ({ size: events.length, capacity: options.capacity, dropped, lastSeq: seq, inFlight, held }),
    requestOpened() {
      inFlight += 1;
    },
    requestClosed() {
      inFlight -= 1;
    },
    requestHeld(holding) {
      held += holding ? 1 : -1;
    },
    clear() {
      events = [];
      dropped = 0;
      seq = 0;
    },
  };
}
