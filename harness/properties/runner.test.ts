import { describe, expect, it } from 'vitest';
import { getProperty } from './catalog.ts';
import { checkProperty } from './check.ts';
import { coreClientUnderTest } from './core-client.ts';
import { NO_FAULTS } from './faults.ts';
import { runScenario, type Scenario } from './runner.ts';
import type { ClientUnderTest, WindowUnderTest } from './types.ts';

const METHODS = ['authenticatedFetch', 'initialize', 'signOut', 'status'] as const;

/** The reference client, its windows lacking `method`. */
function without(method: keyof WindowUnderTest): ClientUnderTest {
  const reference = coreClientUnderTest('reference');
  return {
    name: `no ${method}`,
    start: (env, windows) => reference.start(env, windows).map((window) => {
      const adapter: Partial<WindowUnderTest> = { authenticatedFetch: (p, i) => window.authenticatedFetch(p, i), initialize: () => window.initialize(), signOut: () => window.signOut(), status: () => window.status() };
      delete adapter[method];
      return adapter as WindowUnderTest;
    }),
  };
}

const ONE_CALL: Scenario = {
  pattern: { windows: 1, startup: false, calls: [{ window: 0, method: 'GET', path: '/api/notes', startAtMs: 0 }], signOut: null },
  faults: NO_FAULTS,
  randomSeed: 0,
};

describe('runScenario: the windows start() returns', () => {
  it.each(METHODS)('refuses a window without %s(), naming it, before any call', async (method) => {
    await expect(runScenario(without(method), ONE_CALL, { scheduler: null })).rejects.toThrow(
      new TypeError(`no ${method}: window 0 from start() has no ${method}(); every window must offer authenticatedFetch(), initialize(), signOut(), status()`),
    );
  });

  it('a missing method fails every property, even one whose runs never call it (no false pass)', async () => {
    for (const id of [1, 3] as const) {
      const verdict = await checkProperty(getProperty(id).build(without('signOut')), { seed: 1, numRuns: 5 });
      expect(verdict.violation).toBe('no signOut: window 0 from start() has no signOut(); every window must offer authenticatedFetch(), initialize(), signOut(), status()');
    }
  });

  it('runs a complete adapter', async () => {
    const trace = await runScenario(coreClientUnderTest('reference'), ONE_CALL, { scheduler: null });
    expect(trace.calls[0]?.outcome).toEqual({ kind: 'resolved', status: 200 });
  });
});
