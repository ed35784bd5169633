/**
 * The network between client and IdP: a `fetch` that passes every request and
 * every response through the fast-check scheduler (so their order is one of
 * the interleavings under test) and records what crossed it. Properties are
 * checked on these records, so they hold for the simulated and the real IdP alike.
 */
import type { Scheduler } from 'fast-check';
import type { FetchLike, HeadersLike, RequestInitLike, ResponseLike, TokenPair } from '../../electron-app/src/core/ports.ts';
import { bearerOf, refreshTokenOf, routeOf, type Route, type WireOutcome, type WireRequest } from './wire-types.ts';

export interface WireRecord {
  readonly id: number;
  readonly method: string;
  readonly path: string;
  readonly route: Route;
  /** Presented credentials, kept in memory for the checks; reports print fingerprints only. */
  readonly accessToken: string | null;
  readonly refreshToken: string | null;
  readonly sentAt: number;
  readonly sentSeq: number;
  /** When the IdP handled it (virtual time and global order). */
  processedAt: number | null;
  processedSeq: number | null;
  outcome: 'pending' | 'hang' | 'network-error' | number;
  retryAfterMs: number | null;
  /** `code` (or `error`) from an error body, e.g. REFRESH_TOKEN_REUSED. */
  errorCode: string | null;
  /** Tokens the response handed out (refresh 200, sign-in 200). */
  issued: TokenPair | null;
  deliveredAt: number | null;
  deliveredSeq: number | null;
  /** When the client aborted a hung request (its `init.signal` fired): the moment it gave up on it. */
  abortedAt: number | null;
}

export type Transport = (request: WireRequest) => WireOutcome | Promise<WireOutcome>;

export interface WireOptions {
  baseUrl: string;
  transport: Transport;
  clock: { now(): number };
  /** Global event order shared with the store and the runner. */
  sequence: () => number;
  /** Without a scheduler requests go straight through (plain sequential use). */
  scheduler?: Scheduler | null;
}

export interface Wire {
  readonly fetch: FetchLike;
  readonly records: WireRecord[];
  /** Requests awaiting a real (non-simulated) transport. */
  pendingIo(): number;
  /** Resolves when some real transport call finishes. */
  nextIo(): Promise<void>;
}

export function createWire(options: WireOptions): Wire {
  return new ScheduledWire(options);
}

class ScheduledWire implements Wire {
  readonly records: WireRecord[] = [];
  readonly fetch: FetchLike;
  private readonly io = new Set<Promise<unknown>>();

  constructor(private readonly options: WireOptions) {
    this.fetch = (url, init) => this.send(url, init ?? {});
  }

  pendingIo(): number {
    return this.io.size;
  }

  nextIo(): Promise<void> {
    return Promise.race(this.io).then(ignore, ignore);
  }

  private async send(url: string, init: RequestInitLike): Promise<ResponseLike> {
    const { clock, sequence, scheduler } = this.options;
    const base = this.options.baseUrl;
    const path = url.startsWith(base) ? url.slice(base.length) || '/' : url;
    const headers: Record<string, string> = {};
    const given = init.headers ?? {};
    for (const name in given) headers[name.toLowerCase()] = given[name] as string;
    const request: WireRequest = { method: (init.method ?? 'GET').toUpperCase(), path, headers, body: init.body };
    const route = routeOf(path);
    const record: WireRecord = {
      id: this.records.length + 1,
      method: request.method,
      path,
      route,
      accessToken: bearerOf(request),
      refreshToken: route === 'refresh' ? refreshTokenOf(request) : null,
      sentAt: clock.now(),
      sentSeq: sequence(),
      processedAt: null,
      processedSeq: null,
      outcome: 'pending',
      retryAfterMs: null,
      errorCode: null,
      issued: null,
      deliveredAt: null,
      deliveredSeq: null,
      abortedAt: null,
    };
    this.records.push(record);
    recordAbort(record, init.signal, clock);
    // Labels stay token-free and cheap; the trace printed with a failure carries fingerprints.
    if (scheduler) await scheduler.schedule(Promise.resolve(), `#${record.id} ${request.method} ${path} →`);

    let outcome: WireOutcome;
    const handled = this.options.transport(request);
    if (handled instanceof Promise) {
      this.io.add(handled);
      try {
        outcome = await handled;
      } finally {
        this.io.delete(handled);
      }
    } else {
      outcome = handled;
    }
    record.processedAt = clock.now();
    record.processedSeq = sequence();
    recordOutcome(record, outcome);

    if (outcome.kind === 'hang') return hang(init.signal);
    if (scheduler) await scheduler.schedule(Promise.resolve(), `#${record.id} ← ${outcome.kind === 'response' ? outcome.status : outcome.kind}`);
    record.deliveredAt = clock.now();
    record.deliveredSeq = sequence();
    if (outcome.kind === 'network-error') throw new TypeError('fetch failed');
    return new WireResponse(outcome.status, outcome.headers, outcome.body);
  }
}

class WireResponse implements ResponseLike, HeadersLike {
  constructor(
    readonly status: number,
    private readonly headerValues: Record<string, string>,
    private readonly body: unknown,
  ) {}

  get headers(): HeadersLike {
    return this;
  }

  get(name: string): string | null {
    return this.headerValues[name.toLowerCase()] ?? null;
  }

  json(): Promise<unknown> {
    return Promise.resolve(this.body);
  }
}

function ignore(): void {}

/** A response that never comes; only the client's abort (if it sends a signal) ends it. */
function hang(signal: AbortSignal | undefined): Promise<ResponseLike> {
  return new Promise<ResponseLike>((_, reject) => {
    const abort = () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, { once: true });
  });
}

/** Notes when the client gives up on the request; a signal that never fires leaves `abortedAt` null. */
function recordAbort(record: WireRecord, signal: AbortSignal | undefined, clock: { now(): number }): void {
  if (signal === undefined) return;
  if (signal.aborted) record.abortedAt = record.sentAt;
  else signal.addEventListener('abort', () => (record.abortedAt = clock.now()), { once: true });
}

function recordOutcome(record: WireRecord, outcome: WireOutcome): void {
  if (outcome.kind !== 'response') {
    record.outcome = outcome.kind;
    return;
  }
  record.outcome = outcome.status;
  const retryAfter = outcome.headers['retry-after'];
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter.trim())) record.retryAfterMs = Number(retryAfter) * 1_000;
  const body = (outcome.body ?? {}) as Record<string, unknown>;
  if (outcome.status >= 400) {
    const code = body['code'] ?? body['error'];
    record.errorCode = typeof code === 'string' ? code : null;
  } else if (record.route === 'refresh' && typeof body['accessToken'] === 'string' && typeof body['refreshToken'] === 'string') {
    record.issued = { accessToken: body['accessToken'], refreshToken: body['refreshToken'] };
  } else if (record.route === 'sign-in' && typeof body['token'] === 'string') {
    record.issued = { accessToken: body['token'], refreshToken: body['token'] };
  }
}
