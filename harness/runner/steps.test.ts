import { describe, expect, it } from 'vitest';
import { DEMO_USER } from '../fixtures/index.ts';
import type { Scenario } from '../scenarios/scenario-schema.ts';
import { signedInUser } from './steps.ts';

describe('signedInUser', () => {
  it("signs in as the scenario's first user, or the demo user the IdP is seeded with when it names none", () => {
    const ada = { email: 'ada@example.test', password: 'correct-horse', name: 'Ada' };
    expect(signedInUser({ idp: { users: [ada, DEMO_USER] } } as unknown as Scenario)).toBe(ada);
    expect(signedInUser({ idp: {} } as unknown as Scenario)).toBe(DEMO_USER);
  });
});
