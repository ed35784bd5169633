import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScenarioRun } from '../runner/run-scenario.ts';
import { parseScenario } from '../scenarios/load-scenario.ts';
import type { Scenario } from '../scenarios/scenario-schema.ts';
import { scheduleArbitrary, scheduleToScenario } from './chaos-schedule.ts';
import { chaosScenarioName, runChaos } from './run-chaos.ts';

const META = { name: 'chaos-test', variant: 'clears-on-transient', origin: 'A test' };

/** A stand-in for a client that loses its tokens on any 429 from the token endpoint: no browser, same verdicts. */
function playAgainstClearsOn429(played: Scenario[]) {
  return async (scenario: Scenario): Promise<ScenarioRun> => {
    played.push(scenario);
    const broken = scenario.steps.some((step) => step.kind === 'addFault' && step.rule.match?.group === 'refresh' && step.rule.action?.type === 'status' && step.rule.action.status === 429);
    return {
      scenario: scenario.name,
      variant: scenario.client.variant,
      driver: 'fake',
      seed: 1,
      timeScale: 1,
      passed: !broken,
      failures: [],
      violations: broken ? [{ invariant: 'tokens-kept-on-transient', message: 'token.cleared after a 429', events: [] }] : [],
      stepsRun: scenario.steps.length,
      durationMs: 1,
      history: { events: [], issuedTokens: [] },
    };
  };
}

describe('chaos schedules', () => {
  it('every generated schedule becomes a scenario file that validates and ends in a recovery check', () => {
    fc.assert(
      fc.property(scheduleArbitrary(), (schedule) => {
        const { yaml, scenario } = scheduleToScenario(schedule, META);
        expect(parseScenario(yaml, 'again.yaml')).toEqual(scenario);
        expect(scenario.client).toMatchObject({ variant: 'clears-on-transient', windows: schedule.windows });
        expect(scenario.steps.at(-1)).toMatchObject({ kind: 'waitFor', state: 'signed-in' });
        expect(scenario.expect.final).toEqual({ state: 'signed-in', tokensStored: true, idpFamilies: 'active' });
        // Under strict rotation a lost answer after the IdP rotated is unrecoverable by any client: never generated.
        if (schedule.rotation === 'strict') {
          for (const step of scenario.steps) if (step.kind === 'addFault' && step.rule.match?.group === 'refresh') expect(['truncate', 'malformed']).not.toContain(step.rule.action?.type);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the same seed generates the same schedules', async () => {
    const first: Scenario[] = [];
    const second: Scenario[] = [];
    await runChaos({ runs: 6, seed: 42, variant: 'reference', play: async (scenario) => ({ ...(await playAgainstClearsOn429(first)(scenario)), passed: true }) });
    await runChaos({ runs: 6, seed: 42, variant: 'reference', play: async (scenario) => ({ ...(await playAgainstClearsOn429(second)(scenario)), passed: true }) });
    expect(first).toHaveLength(6);
    expect(second).toEqual(first);
  });
});

describe('runChaos', () => {
  it('finds a schedule that breaks an invariant and shrinks it to one episode with the one fault that matters', async () => {
    const played: Scenario[] = [];
    const outcome = await runChaos({ runs: 50, seed: 3, variant: 'clears-on-transient', maxShrinkRuns: 200, play: playAgainstClearsOn429(played) });
    expect(outcome.failure).not.toBeNull();
    const { shrunk, found, yaml, run } = outcome.failure!;
    expect(shrunk.episodes).toHaveLength(1);
    expect(shrunk.episodes[0]).toMatchObject({ fault: { type: 'status', status: 429, retryAfter: 1 }, group: 'refresh', times: 1, requests: 1 });
    expect(found.episodes.length).toBeGreaterThanOrEqual(shrunk.episodes.length);
    expect(run.passed).toBe(false);
    // The file written out is the shrunk schedule, and it replays as a scenario.
    const replay = parseScenario(yaml, 'chaos-test.yaml');
    expect(replay.steps.filter((step) => step.kind === 'addFault')).toHaveLength(1);
    expect(yaml).toContain('tokenstorm run <this file> --variant clears-on-transient');
  });

  it('stops shrinking when its budget of runs is spent, keeping the smallest failure found so far', async () => {
    const played: Scenario[] = [];
    const outcome = await runChaos({ runs: 50, seed: 3, variant: 'clears-on-transient', maxShrinkRuns: 2, play: playAgainstClearsOn429(played) });
    expect(outcome.failure!.shrinkRuns).toBe(2);
    expect(outcome.failure!.run.passed).toBe(false);
    const explored = played.length - 2;
    expect(outcome.runs).toHaveLength(explored + 2);
  });

  it('plays under a valid scenario name for any seed, negative ones included', async () => {
    for (const seed of [-5, 0, 7, -2147483648]) {
      const name = chaosScenarioName('clears-on-transient', seed);
      expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      const played: Scenario[] = [];
      const outcome = await runChaos({ runs: 2, seed, variant: 'clears-on-transient', play: async (scenario) => ({ ...(await playAgainstClearsOn429(played)(scenario)), passed: true }) });
      expect(outcome.runs).toHaveLength(2);
      expect(played[0]!.name).toBe(name);
    }
    expect(chaosScenarioName('reference', -5)).not.toBe(chaosScenarioName('reference', 5));
  });

  it('rethrows a schedule that could not be played instead of calling the run clean, and plays no more', async () => {
    let plays = 0;
    const outcome = runChaos({
      runs: 5,
      seed: 1,
      variant: 'reference',
      play: async () => {
        plays += 1;
        throw new Error('config: faults[1].id: expected a unique id');
      },
    });
    await expect(outcome).rejects.toThrow(/chaos: schedule 1 could not be played: config: faults\[1\]\.id/);
    expect(plays).toBe(1);
  });

  it('reports no failure when every schedule holds', async () => {
    const outcome = await runChaos({ runs: 5, seed: 1, variant: 'reference', play: async (scenario) => ({ ...(await playAgainstClearsOn429([])(scenario)), passed: true, violations: [] }) });
    expect(outcome.failure).toBeNull();
    expect(outcome.runs).toHaveLength(5);
  });
});
