import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callBetterAuth } from './better-auth-calls.ts';

type Slot = { context: Record<string, unknown> };
const GLOBAL = Symbol.for('better-auth:global');

describe('callBetterAuth', () => {
  const storage = new AsyncLocalStorage<string>();
  let saved: unknown;

  beforeEach(() => {
    const slot = ((globalThis as Record<symbol, Slot | undefined>)[GLOBAL] ??= { context: {} });
    saved = slot.context.endpointContextAsyncStorage;
    slot.context.endpointContextAsyncStorage = storage;
  });
  afterEach(() => {
    (globalThis as Record<symbol, Slot>)[GLOBAL]!.context.endpointContextAsyncStorage = saved;
  });

  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

  it("keeps a call's context while another call ends", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = callBetterAuth(() => storage.run('slow', async () => {
      await gate;
      return storage.getStore();
    }));
    await callBetterAuth(() => storage.run('fast', tick));
    release();
    expect(await slow).toBe('slow');
  });

  it('disables better-auth storages once no call is in flight, so later promises carry no context', async () => {
    let after: Promise<string | undefined> | undefined;
    await callBetterAuth(() => storage.run('call', async () => {
      after = tick().then(tick).then(() => storage.getStore());
    }));
    expect(await after).toBeUndefined();
  });

  it('gives the next call its context again', async () => {
    await callBetterAuth(() => storage.run('first', tick));
    const store = await callBetterAuth(() => storage.run('second', async () => {
      await tick();
      return storage.getStore();
    }));
    expect(store).toBe('second');
  });
});
