/**
 * Every call into better-auth goes through `callBetterAuth`. better-auth keeps
 * per-request state in AsyncLocalStorages that it never disables, and on Node 20
 * an enabled one runs promise hooks for every promise in the process, so routes
 * that never touch better-auth (the refresh rotation) would pay for them on each
 * await. While no call is in flight, the storages are disabled; better-auth's
 * next `run()` enables them again. They are process-wide (one per process, not
 * per IdP), and so is the count.
 */
import type { AsyncLocalStorage } from 'node:async_hooks';

const BETTER_AUTH_GLOBAL = Symbol.for('better-auth:global');
const STORAGE_KEYS = ['endpointContextAsyncStorage', 'requestStateAsyncStorage', 'adapterAsyncStorage'] as const;

type BetterAuthGlobal = { context?: Partial<Record<(typeof STORAGE_KEYS)[number], AsyncLocalStorage<unknown>>> };

let inFlight = 0;

function disableIdleStorages(): void {
  const context = (globalThis as Record<symbol, BetterAuthGlobal | undefined>)[BETTER_AUTH_GLOBAL]?.context;
  for (const key of STORAGE_KEYS) context?.[key]?.disable();
}

export async function callBetterAuth<T>(call: () => Promise<T>): Promise<T> {
  inFlight += 1;
  try {
    return await call();
  } finally {
    inFlight -= 1;
    if (inFlight === 0) disableIdleStorages();
  }
}
