/**
 * The client's structured event log: one JSON object per line in
 * `<userData>/logs/events.jsonl` (`{level, seq, t, source: 'client', window, type, …}`),
 * written with pino, read by the harness and shown live in each window's
 * event panel. Events carry token fingerprints, never tokens: fields with a
 * sensitive name are scrubbed before anything sees them, and pino's redaction
 * is the second line of defence.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino, type Logger } from 'pino';
import type { ClientEvent } from '../shared/ipc-contract.ts';

/** Field names that may hold a secret (`code` is an OAuth authorization code: error codes are logged as `errorCode`). */
export const SENSITIVE_FIELD = /^(token|access_?token|refresh_?token|id_?token|session_?token|authorization|cookie|set-cookie|password|code|code_?verifier|device_?code|secret)$/i;

const RESERVED_FIELDS = new Set(['seq', 't', 'source', 'window', 'type']);

const REDACTED_PATHS = ['token', 'accessToken', 'refreshToken', 'authorization', 'password', '*.token', '*.accessToken', '*.refreshToken', '*.authorization', '*.password'];

export interface EventLogOptions {
  file: string;
  now?: () => number;
  /** How many recent events a newly opened window's panel can fetch. */
  capacity?: number;
}

export class EventLog {
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly capacity: number;
  private readonly recentEvents: ClientEvent[] = [];
  private readonly listeners = new Set<(event: ClientEvent) => void>();
  private seq = 0;

  constructor(readonly options: EventLogOptions) {
    mkdirSync(dirname(options.file), { recursive: true });
    this.now = options.now ?? Date.now;
    this.capacity = options.capacity ?? 200;
    const destination = pino.destination({ dest: options.file, sync: true, append: true, mkdir: true });
    this.logger = pino(
      // pino needs one leading property (without it a line starts with `{,`): the level, as its label.
      { base: null, timestamp: false, formatters: { level: (label) => ({ level: label }) }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
      destination,
    );
  }

  get file(): string {
    return this.options.file;
  }

  record(window: string, type: string, fields: Record<string, unknown> = {}): ClientEvent {
    const extra = Object.fromEntries(Object.entries(scrub(fields) as Record<string, unknown>).filter(([key]) => !RESERVED_FIELDS.has(key)));
    const event: ClientEvent = { seq: ++this.seq, t: this.now(), source: 'client', window, type, ...extra };
    this.logger.info(event);
    this.recentEvents.push(event);
    if (this.recentEvents.length > this.capacity) this.recentEvents.shift();
    for (const listener of this.listeners) listener(event);
    return event;
  }

  recent(): ClientEvent[] {
    return [...this.recentEvents];
  }

  subscribe(listener: (event: ClientEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Replaces the value of every sensitive-named field, at any depth, with `[redacted]`. */
export function scrub(value: unknown, depth = 0): unknown {
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, SENSITIVE_FIELD.test(key) ? '[redacted]' : scrub(item, depth + 1)]));
}
