/**
 * What the client core needs from its host, as interfaces: a token store, an
 * HTTP function and a clock. Electron's main process, a renderer and a test
 * each provide their own; the core imports nothing platform-specific.
 */

export type TokenKey = 'accessToken' | 'refreshToken';

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
}

/**
 * Secure token storage (the recipe's safeStorage + electron-store service behind IPC).
 * Operations take effect in the order they are issued, as IPC to one main process does.
 */
export interface TokenStore {
  get(key: TokenKey): Promise<string | null>;
  set(pair: TokenPair): Promise<void>;
  clear(): Promise<void>;
}

export interface HeadersLike {
  get(name: string): string | null;
}

/** The part of a fetch `Response` the core reads. */
export interface ResponseLike {
  readonly status: number;
  readonly headers: HeadersLike;
  json(): Promise<unknown>;
}

export interface RequestInitLike {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** `globalThis.fetch` satisfies this; so does a test double. A rejection means a network error. */
export type FetchLike = (url: string, init?: RequestInitLike) => Promise<ResponseLike>;

export type TimerHandle = unknown;

/** Time and timers, injected so that tests run in virtual time. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Non-sensitive user display data, cached for the optimistic restore at startup (recipe, "Flows"). */
export interface CachedUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
}

export interface UserCache {
  load(): Promise<CachedUser | null>;
  save(user: CachedUser): Promise<void>;
  clear(): Promise<void>;
}

/** Returns a number in [0, 1); injected so jitter is reproducible under a seed. */
export type RandomSource = () => number;
