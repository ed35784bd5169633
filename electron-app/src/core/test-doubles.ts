/**
 * Test doubles for the core's ports, used by the core's own unit tests: a
 * manual clock, an in-memory store and a scripted fetch. (The property kit in
 * harness/properties has richer, scheduled versions.)
 */
import type { Clock, FetchLike, RequestInitLike, ResponseLike, TokenKey, TokenPair, TokenStore } from './ports.ts';

export interface ManualClock extends Clock {
  /** Moves time forward, firing due timers and letting their promise chains run. */
  advance(ms: number): Promise<void>;
  pending(): number;
}

export function manualClock(start = 1_000_000): ManualClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    pending: () => timers.size,
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        await settle();
        const due = [...timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].callback();
      }
      now = target;
      await settle();
    },
  };
}

/** Lets pending promise chains run to completion (no timers involved). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

export interface MemoryStore extends TokenStore {
  clears: number;
  writes: TokenPair[];
  peek(): { accessToken: string | null; refreshToken: string | null };
}

export function memoryStore(initial?: TokenPair): MemoryStore {
  let tokens = { accessToken: initial?.accessToken ?? null, refreshToken: initial?.refreshToken ?? null };
  const store: MemoryStore = {
    clears: 0,
    writes: [],
    get: async (key: TokenKey) => tokens[key],
    set: async (pair) => {
      tokens = { ...pair };
      store.writes.push({ ...pair });
    },
    clear: async () => {
      tokens = { accessToken: null, refreshToken: null };
      store.clears += 1;
    },
    peek: () => ({ ...tokens }),
  };
  return store;
}

export function response(status: number, body: unknown = {}, headers: Record<string, string> = {}): ResponseLike {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { status, headers: { get: (name) => lower[name.toLowerCase()] ?? null }, json: async () => body };
}

export interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

export type Reply = ResponseLike | 'network-error' | 'hang';

/** A fetch that answers from `route(request)` and remembers every request. */
export function scriptedFetch(route: (request: SeenRequest) => Reply | Promise<Reply>): FetchLike & { requests: SeenRequest[] } {
  const requests: SeenRequest[] = [];
  const fetch = async (url: string, init: RequestInitLike = {}) => {
    const request: SeenRequest = { url, method: init.method ?? 'GET', headers: init.headers ?? {}, body: init.body === undefined ? undefined : JSON.parse(init.body) };
    requests.push(request);
    const reply = await route(request);
    if (reply === 'network-error') throw new TypeError('fetch failed');
    if (reply === 'hang') return new Promise<ResponseLike>(() => {});
    return reply;
  };
  return Object.assign(fetch, { requests });
}

/** Replies in order from a queue (the last one repeats), per path suffix. */
export function queuedReplies(byPath: Record<string, Reply[]>): (request: SeenRequest) => Reply {
  const queues = new Map(Object.entries(byPath).map(([path, replies]) => [path, [...replies]]));
  return (request) => {
    const entry = [...queues.entries()].find(([path]) => request.url.endsWith(path));
    if (entry === undefined) return response(404, { error: 'not_found' });
    const [, queue] = entry;
    return queue.length > 1 ? (queue.shift() as Reply) : (queue[0] ?? response(500));
  };
}
