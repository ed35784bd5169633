import { describe, expect, it } from 'vitest';
import { DEMO_USER } from '../fixtures/index.ts';
import { createMockIdp } from '../../mock-idp/index.ts';
import { OFFLINE_FAULT_ID, type Scenario } from '../scenarios/scenario-schema.ts';
import { STEP_EXECUTORS, signedInUser, type RunContext } from './steps.ts';

describe('signedInUser', () => {
  it("signs in as the scenario's first user, or the demo user the IdP is seeded with when it names none", () => {
    const ada = { email: 'ada@example.test', password: 'correct-horse', name: 'Ada' };
    expect(signedInUser({ idp: { users: [ada, DEMO_USER] } } as unknown as Scenario)).toBe(ada);
    expect(signedInUser({ idp: {} } as unknown as Scenario)).toBe(DEMO_USER);
  });
});

describe('offline and online at the IdP', () => {
  it('are idempotent: offline twice keeps one blackhole rule, online when online changes nothing', async () => {
    const idp = await createMockIdp({ users: [DEMO_USER], logLevel: 'silent' });
    try {
      const context = { idp } as unknown as RunContext;
      const offlineRules = () => idp.admin.faults.list().filter((rule) => rule.id === OFFLINE_FAULT_ID);
      await STEP_EXECUTORS.online(context, { kind: 'online', where: 'idp' });
      expect(offlineRules()).toEqual([]);
      await STEP_EXECUTORS.offline(context, { kind: 'offline', where: 'idp' });
      await STEP_EXECUTORS.offline(context, { kind: 'offline', where: 'idp' });
      expect(offlineRules()).toHaveLength(1);
      expect(offlineRules()[0]!.action.type).toBe('blackhole');
      await STEP_EXECUTORS.online(context, { kind: 'online', where: 'idp' });
      expect(offlineRules()).toEqual([]);
    } finally {
      await idp.close();
    }
  });
});

describe('rotateSigningKey', () => {
  it('signs with a new key; with retirePrevious the access tokens already out are refused', async () => {
    const idp = await createMockIdp({ users: [DEMO_USER], logLevel: 'silent' });
    try {
      const context = { idp } as unknown as RunContext;
      const first = idp.admin.keys.list()[0]!.kid;
      await STEP_EXECUTORS.rotateSigningKey(context, { kind: 'rotateSigningKey', algorithm: 'RS256', retirePrevious: false });
      expect(idp.admin.keys.list().map(({ kid, alg, status }) => [kid === first ? 'first' : alg, status])).toEqual([['first', 'published'], ['RS256', 'current']]);
      await STEP_EXECUTORS.rotateSigningKey(context, { kind: 'rotateSigningKey', retirePrevious: true });
      expect(idp.admin.keys.list().map(({ alg, status }) => [alg, status])).toEqual([['ES256', 'retired'], ['RS256', 'retired'], ['RS256', 'current']]);
    } finally {
      await idp.close();
    }
  });
});
