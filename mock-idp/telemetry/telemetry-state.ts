/**
 * Per-install telemetry tokens (the seed article: "ephemeral tokens that map to
 * per-install IDs", rotated frequently) and a bounded buffer of the events
 * accepted with them. Tokens are kept as hashes only.
 */
import { capacityBound } from '../capacity-bound.ts';
import type { Clock } from '../clock/virtual-clock.ts';
import { fingerprintOfHash, opaqueToken, tokenHash } from '../tokens/fingerprint.ts';

const TOKEN_CAPACITY = 10_000;
const EVENT_CAPACITY = 10_000;

export interface TelemetryToken {
  fp: string;
  installId: string;
  clientId: string;
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

export interface TelemetryEvent {
  installId: string;
  name: string;
  at: number;
  props: Record<string, unknown>;
}

export interface TelemetryState {
  mint(input: { installId: string; clientId: string; ttlMs: number }): { token: string; record: TelemetryToken };
  find(token: string): TelemetryToken | undefined;
  isActive(record: TelemetryToken): boolean;
  accept(events: TelemetryEvent[]): void;
  /** The newest accepted events, oldest first. */
  events(): TelemetryEvent[];
  clear(): void;
}

export function createTelemetryState(options: { clock: Clock }): TelemetryState {
  const tokens = new Map<string, TelemetryToken>();
  const bound = capacityBound(tokens, TOKEN_CAPACITY);
  let accepted: TelemetryEvent[] = [];
  return {
    mint({ installId, clientId, ttlMs }) {
      const token = opaqueToken('tt');
      const hash = tokenHash(token);
      const now = options.clock.now();
      const record = { fp: fingerprintOfHash(hash), installId, clientId, issuedAt: now, expiresAt: now + ttlMs, revoked: false };
      tokens.set(hash, record);
      bound.enforce();
      return { token, record };
    },
    find: (token) => tokens.get(tokenHash(token)),
    isActive: (record) => !record.revoked && options.clock.now() <= record.expiresAt,
    accept(events) {
      accepted.push(...events);
      // Trimmed once it holds twice the capacity, not at every batch: copying 10,000 events per batch would make each one cost more.
      if (accepted.length > 2 * EVENT_CAPACITY) accepted = accepted.slice(-EVENT_CAPACITY);
    },
    events: () => accepted.slice(-EVENT_CAPACITY),
    clear() {
      tokens.clear();
      accepted = [];
    },
  };
}
