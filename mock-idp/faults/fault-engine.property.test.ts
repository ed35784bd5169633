import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createFaultEngine } from './fault-engine.ts';
import { matchesRequest } from './rule-match.ts';
import type { FaultAction, FaultDecision, FaultRuleInput, RequestFacts, RouteGroup } from './types.ts';

/** The vocabulary rules and requests draw from; small, so that rules often match. */
interface TrafficConstraints {
  groups: RouteGroup[];
  clients: string[];
  methods: string[];
}

const traffic: TrafficConstraints = { groups: ['token', 'api', 'device'], clients: ['desktop', 'cli'], methods: ['GET', 'POST'] };

function faultActionArb(): fc.Arbitrary<FaultAction> {
  return fc.oneof(
    fc.record({ type: fc.constant('status' as const), status: fc.integer({ min: 200, max: 599 }) }),
    fc.record({ type: fc.constant('delay' as const), ms: fc.integer({ min: 0, max: 60_000 }) }),
    fc.constantFrom<FaultAction>({ type: 'reset' }, { type: 'hang' }, { type: 'blackhole' }, { type: 'truncate' }, { type: 'malformed' }),
  );
}

function faultRuleArb(constraints: TrafficConstraints): fc.Arbitrary<FaultRuleInput> {
  const match = fc.record(
    {
      group: fc.oneof(fc.constantFrom(...constraints.groups), fc.subarray(constraints.groups, { minLength: 1 })),
      method: fc.constantFrom(...constraints.methods, ...constraints.methods.map((method) => method.toLowerCase())),
      client: fc.constantFrom(...constraints.clients),
    },
    { requiredKeys: [] },
  );
  const quota = fc.record(
    { limit: fc.nat(3), windowMs: fc.integer({ min: 1, max: 10_000 }), per: fc.constantFrom('client' as const, 'global' as const) },
    { requiredKeys: ['limit', 'windowMs'] },
  );
  // fc.double alone favours extremes such as 5e-324; mid-range values exercise the seeded draws.
  const probability = fc.oneof(fc.constant(1), fc.double({ min: 0.1, max: 0.9, noNaN: true }));
  return fc
    .record(
      { match, action: faultActionArb(), after: fc.nat(4), times: fc.integer({ min: 1, max: 4 }), probability, quota },
      { requiredKeys: [] },
    )
    .filter((rule) => rule.action !== undefined || rule.quota !== undefined);
}

interface RequestStep {
  facts: RequestFacts;
  /** Virtual ms the clock moves before this request. */
  advanceMs: number;
}

function requestStepArb(constraints: TrafficConstraints): fc.Arbitrary<RequestStep> {
  return fc.record({
    facts: fc.record(
      {
        group: fc.constantFrom(...constraints.groups),
        path: fc.constantFrom('/oauth/token', '/api/me', '/api/notes/1'),
        method: fc.constantFrom(...constraints.methods),
        clientId: fc.constantFrom(...constraints.clients),
      },
      { requiredKeys: ['group', 'path', 'method'] },
    ),
    advanceMs: fc.nat(3_000),
  });
}

function play(seed: number, rules: FaultRuleInput[], steps: RequestStep[]) {
  let now = 0;
  const engine = createFaultEngine({ clock: { now: () => now }, seed });
  for (const rule of rules) engine.add(rule);
  const decisions: Array<FaultDecision | null> = [];
  for (const step of steps) {
    now += step.advanceMs;
    decisions.push(engine.decide(step.facts));
  }
  return { decisions, rules: engine.list() };
}

describe('fault engine properties', () => {
  test('the same seed, rules and requests give the same decisions, and no rule fires more than `times`', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(faultRuleArb(traffic), { maxLength: 6 }),
        fc.array(requestStepArb(traffic), { maxLength: 80 }),
        (seed, rules, steps) => {
          const first = play(seed, rules, steps);
          expect(play(seed, rules, steps).decisions).toEqual(first.decisions);
          for (const rule of first.rules) {
            const fired = first.decisions.filter((decision) => decision?.ruleId === rule.id).length;
            expect(fired).toBe(rule.applied);
            if (rule.times !== undefined) expect(fired).toBeLessThanOrEqual(rule.times);
          }
          first.decisions.forEach((decision, index) => {
            if (!decision) return;
            const rule = first.rules.find((candidate) => candidate.id === decision.ruleId)!;
            expect(matchesRequest(rule.match, steps[index]!.facts)).toBe(true);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
