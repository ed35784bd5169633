/**
 * The same properties, with fewer runs, against the real tokenstorm mock IdP
 * started in-process (real better-auth sign-in, real rotation and reuse
 * detection over HTTP, its own virtual clock advanced with the client's).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProperty, type PropertyId } from './catalog.ts';
import { checkProperty, formatVerdict } from './check.ts';
import { coreClientUnderTest } from './core-client.ts';
import { httpIdpTarget } from './http-target.ts';
import type { IdpTarget } from './types.ts';

const MOCK_IDP_ENTRY = fileURLToPath(new URL('../../mock-idp/index.ts', import.meta.url));
const USER = { email: 'properties@example.test', password: 'correct horse battery staple', name: 'Property Runner' };

interface RunningIdp {
  url: string;
  admin: { clock: { advance(ms: number): Promise<number> }; expire(scope?: unknown): unknown };
  close(): Promise<void>;
}

describe.skipIf(!existsSync(MOCK_IDP_ENTRY))('properties against the real mock IdP (in-process)', () => {
  let idp: RunningIdp;
  let target: IdpTarget;

  beforeAll(async () => {
    const { createMockIdp } = (await import(/* @vite-ignore */ MOCK_IDP_ENTRY)) as { createMockIdp(options: unknown): Promise<RunningIdp> };
    idp = await createMockIdp({ users: [USER] });
    target = httpIdpTarget({
      url: idp.url,
      user: USER,
      expireAccessTokens: () => idp.admin.expire(),
      advanceClock: (ms) => idp.admin.clock.advance(ms),
    });
  });

  afterAll(async () => {
    await idp?.close();
  });

  // Each run signs in a fresh session (a real password hash), so runs are few here; the simulation does the volume.
  const cases: Array<[PropertyId, number]> = [
    [1, 5],
    [3, 3],
    [6, 3],
    [7, 5],
    [8, 3],
  ];

  it.each(cases.map(([id, runs]) => [id, getProperty(id).key, runs] as const))('the reference satisfies property %i (%s) in %i runs', async (id, _key, runs) => {
    const verdict = await checkProperty(getProperty(id).build(coreClientUnderTest('reference'), { target }), { seed: 42, numRuns: runs });
    if (verdict.failed) console.log(formatVerdict(`reference vs real IdP, property ${id}`, verdict));
    expect(verdict.failed).toBe(false);
    expect(verdict.numRuns).toBe(runs);
  });

  it('catches the recipe’s per-renderer mutex racing a real rotation (property 7)', async () => {
    const verdict = await checkProperty(getProperty(7).build(coreClientUnderTest('recipe-as-written'), { target }), { seed: 42, numRuns: 20 });
    if (verdict.failed) console.log(formatVerdict('recipe-as-written vs real IdP, property 7', verdict));
    expect(verdict.failed).toBe(true);
    expect(verdict.violation).toMatch(/refresh/);
  });
});
