/** Deadlines and sleeps on the injected clock, so they run in virtual time under test. */
import type { Clock, FetchLike, RequestInitLike, ResponseLike } from './ports.ts';

/** The host's real timers; fine in a renderer, the main process, or Node. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};

/** The largest speed-up a clock accepts: beyond it, a 1 ms real timer would stand for more than a second. */
export const MAX_TIME_SCALE = 1_000;

/**
 * A clock that runs `scale` times faster than `base`: `now()` advances `scale`
 * ms per real ms from the moment it is made, and a timer for `ms` fires after
 * `ms / scale` real ms. Every deadline, backoff and Retry-After wait keeps its
 * meaning on this clock; only the wall clock it is measured against changes.
 * The harness uses it to play hangs and backoffs faster than real time.
 */
export function scaledClock(scale: number, base: Clock = systemClock): Clock {
  if (!(Number.isFinite(scale) && scale > 0 && scale <= MAX_TIME_SCALE)) throw new RangeError(`time scale must be a number above 0 and at most ${MAX_TIME_SCALE}, got ${scale}`);
  if (scale === 1) return base;
  const origin = base.now();
  return {
    now: () => origin + (base.now() - origin) * scale,
    setTimeout: (callback, ms) => base.setTimeout(callback, ms / scale),
    clearTimeout: (handle) => base.clearTimeout(handle),
  };
}

export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
}

export interface Deadline {
  readonly clock: Clock;
  /** null: no deadline (the recipe's behaviour). */
  readonly ms: number | null;
  /** Abort the request when the deadline passes (frees the socket); needs AbortController. */
  readonly abort: boolean;
}

/**
 * `fetch(url, init)` that rejects with DeadlineExceeded when no response came
 * within the deadline. Written without per-call closures: it runs for every request.
 */
export function fetchWithDeadline(fetch: FetchLike, url: string, init: RequestInitLike, deadline: Deadline): Promise<ResponseLike> {
  if (deadline.ms === null) return fetch(url, init);
  const controller = deadline.abort && typeof AbortController === 'function' ? new AbortController() : undefined;
  return settleBefore(deadline.clock, deadline.ms, fetch(url, controller === undefined ? init : { ...init, signal: controller.signal }), controller);
}

/** Settles like `promise` unless `ms` pass first; then rejects with DeadlineExceeded (and aborts `controller`). */
export function settleBefore<T>(clock: Clock, ms: number, promise: Promise<T>, controller?: AbortController): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const timer = clock.setTimeout(() => {
      if (done) return;
      done = true;
      controller?.abort();
      reject(new DeadlineExceeded(`no response within ${ms} ms`));
    }, ms);
    promise.then(
      (value) => {
        if (done) return;
        done = true;
        clock.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        if (done) return;
        done = true;
        clock.clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Sleeps that can all be woken early, e.g. by sign-out, so nobody waits out a backoff for a session that is gone. */
export class Sleeper {
  private readonly pending = new Map<unknown, () => void>();

  constructor(private readonly clock: Clock) {}

  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const handle = this.clock.setTimeout(() => {
        this.pending.delete(handle);
        resolve();
      }, ms);
      this.pending.set(handle, resolve);
    });
  }

  wakeAll(): void {
    for (const [handle, resolve] of this.pending) {
      this.clock.clearTimeout(handle);
      resolve();
    }
    this.pending.clear();
  }
}
