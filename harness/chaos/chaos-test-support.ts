/** Stand-ins for a client under chaos, without a browser: the runs their verdicts would give. */
import type { ScenarioRun } from '../runner/run-scenario.ts';
import type { Scenario } from '../scenarios/scenario-schema.ts';

/** A finished run of `scenario`; a failing one breaks tokens-kept-on-transient. */
export function fakeRun(scenario: Scenario, passed: boolean, fields: Partial<ScenarioRun> = {}): ScenarioRun {
  return {
    scenario: scenario.name,
    variant: scenario.client.variant,
    driver: 'fake',
    seed: 1,
    timeScale: 1,
    passed,
    failures: [],
    violations: passed ? [] : [{ invariant: 'tokens-kept-on-transient', message: 'token.cleared after a 429', events: [] }],
    stepsRun: scenario.steps.length,
    durationMs: 1,
    history: { events: [], issuedTokens: [] },
    ...fields,
  };
}

/** A client that loses its tokens on any 429 from the token endpoint; every scenario it plays is pushed on `played`. */
export function playAgainstClearsOn429(played: Scenario[] = []) {
  return async (scenario: Scenario): Promise<ScenarioRun> => {
    played.push(scenario);
    const broken = scenario.steps.some((step) => step.kind === 'addFault' && step.rule.match?.group === 'refresh' && step.rule.action?.type === 'status' && step.rule.action.status === 429);
    return fakeRun(scenario, !broken);
  };
}
