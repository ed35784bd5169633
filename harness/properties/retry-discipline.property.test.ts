/**
 * Property 5 judges a hung refresh by when the client really gave up on it (its
 * abort signal fired), not by the discipline's declared deadline: a client with
 * a shorter deadline than declared is not blamed for backing off from its own
 * abort, and one with a longer deadline cannot hide an immediate retry behind it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthApp } from '../../electron-app/src/core/auth-client.ts';
import { DEFAULT_RETRY_POLICY } from '../../electron-app/src/core/retry-policy.ts';
import { getPreset, type PresetName } from '../../electron-app/src/core/variants.ts';
import { checkProperty } from './check.ts';
import { REFERENCE_DISCIPLINE } from './discipline.ts';
import { retryDisciplineProperty } from './retry-discipline.property.ts';
import type { Scenario } from './runner.ts';
import type { ClientUnderTest } from './types.ts';

/** The core client with its own request deadline; by default it aborts requests that pass it, as a real client frees its socket. */
function clientWithDeadline(preset: PresetName, requestTimeoutMs: number, abortOnDeadline = true): ClientUnderTest {
  const { switches } = getPreset(preset);
  return {
    name: `${preset} with a ${requestTimeoutMs} ms deadline`,
    start(env, windows) {
      const app = createAuthApp({ ...env, switches, policy: { ...DEFAULT_RETRY_POLICY, requestTimeoutMs }, abortOnDeadline });
      return Array.from({ length: windows }, () => {
        const client = app.openWindow();
        return { authenticatedFetch: client.authenticatedFetch, initialize: () => client.initialize(), signOut: () => client.signOut(), status: () => client.state().status };
      });
    },
  };
}

/** One call on an expired token; its first refresh hangs, the second succeeds. */
const HUNG_REFRESH: Scenario = {
  pattern: { windows: 1, startup: false, calls: [{ window: 0, method: 'GET', path: '/api/notes', startAtMs: 0 }], signOut: null },
  faults: { refresh: [{ kind: 'timeout' }], resource: [] },
  randomSeed: 0,
};

/** The violation of `client` on HUNG_REFRESH under the reference discipline (10 s declared deadline), or null. */
async function violationOn(client: ClientUnderTest): Promise<string | null> {
  const property = retryDisciplineProperty(client, { discipline: REFERENCE_DISCIPLINE });
  const details = await fc.check(fc.asyncProperty(fc.scheduler(), (scheduler) => property.runOnce(HUNG_REFRESH, scheduler)), { numRuns: 5, seed: 1 });
  return details.failed ? String((details.errorInstance as Error).message) : null;
}

describe('property 5 (retry discipline): a hung refresh failed when the client aborted it', () => {
  it('passes a correct client whose deadline is shorter than the declared one (it backs off from its own abort)', async () => {
    expect(await violationOn(clientWithDeadline('reference', 9_500))).toBeNull();
  });

  it('catches a client whose deadline is longer than the declared one retrying the moment it aborts', async () => {
    const violation = await violationOn(clientWithDeadline('no-backoff', 30_000));
    expect(violation).toMatch(/^refresh #3 came 0ms after failure #2 \(hung, aborted by the client at 30000ms; 1 in a row\); the backoff floor is 500ms\n/);
    expect(violation).toContain('#2 POST /api/auth/refresh');
    expect(violation).toContain('aborted by the client 30000ms');
  });

  it('a correct client with a 2 s deadline passes generated runs under the reference discipline', async () => {
    const verdict = await checkProperty(retryDisciplineProperty(clientWithDeadline('reference', 2_000)), { seed: 1, numRuns: 100 });
    expect(verdict.violation).toBeNull();
  });

  it('a client that never aborts is held to the declared deadline, and the message says so', async () => {
    expect(await violationOn(clientWithDeadline('no-backoff', 10_000, false))).toMatch(/^refresh #3 came 0ms after failure #2 \(hung, never aborted: taken as failed at 10000ms, discipline\.requestTimeoutMs after it was sent; 1 in a row\)/);
  });
});
