import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScenarioRun } from '../runner/run-scenario.ts';
import { parseScenario } from '../scenarios/load-scenario.ts';
import type { Scenario } from '../scenarios/scenario-schema.ts';
import { scheduleArbitrary, scheduleToScenario } from './chaos-schedule.ts';
import { chaosScenarioName, runChaos, type ChaosRun } from './run-chaos.ts';
import { playAgainstClearsOn429 } from './chaos-test-support.ts';

const META = { name: 'chaos-test', variant: 'clears-on-transient', origin: 'a test', replay: 'tokenstorm run chaos-test.yaml --variant clears-on-transient --seed 3' };

describe('chaos schedules', () => {
  it('every generated schedule becomes a scenario file that validates and ends in a recovery check', () => {
    fc.assert(
      fc.property(scheduleArbitrary(), (schedule) => {
        const { yaml, scenario } = scheduleToScenario(schedule, META);
        expect(parseScenario(yaml, 'again.yaml')).toEqual(scenario);
        expect(scenario.client).toMatchObject({ variant: 'clears-on-transient', windows: schedule.windows });
        expect(scenario.steps.at(-1)).toMatchObject({ kind: 'waitFor', state: 'signed-in' });
        expect(scenario.expect.final).toEqual({ state: 'signed-in', tokensStored: true, idpFamilies: 'active' });
        // Each expiry becomes its step: an emergency key rotation retires every earlier key.
        const expiries = scenario.steps.flatMap((step) => (['advanceClock', 'expireAccessTokens', 'rotateSigningKey'].includes(step.kind) ? [step] : []));
        expect(expiries.map((step) => step.kind)).toEqual(schedule.episodes.flatMap((episode) => ({ 'advance-clock': ['advanceClock'], 'expire-now': ['expireAccessTokens'], 'retire-key': ['rotateSigningKey'], none: [] })[episode.expiry]));
        for (const step of expiries) if (step.kind === 'rotateSigningKey') expect(step.retirePrevious).toBe(true);
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
    const { minimal: { schedule: shrunk, run }, found, yaml, replay: command } = outcome.failure!;
    expect(shrunk.episodes).toHaveLength(1);
    expect(shrunk.episodes[0]).toMatchObject({ fault: { type: 'status', status: 429, retryAfter: 1 }, group: 'refresh', times: 1, requests: 1 });
    expect(found.episodes.length).toBeGreaterThanOrEqual(shrunk.episodes.length);
    expect(run.passed).toBe(false);
    // The file written out is the shrunk schedule, and it replays as a scenario.
    const replay = parseScenario(yaml, 'chaos-test.yaml');
    expect(replay.steps.filter((step) => step.kind === 'addFault')).toHaveLength(1);
    // It says how it was found and how to replay it: the command chaos mode prints.
    expect(command).toBe('tokenstorm run chaos-clears-on-transient-seed-3.yaml --variant clears-on-transient --seed 3');
    expect(yaml.split('\n')[0]).toBe(`# Written by tokenstorm chaos mode. Replay: ${command}`);
    expect(replay.teaches).toContain(`Found by "tokenstorm run --chaos 50 --variant clears-on-transient --seed 3 --shrink-runs 200", then shrunk; "${command}" replays it.`);
  });

  it('stops shrinking when its budget of runs is spent, keeping the smallest failure found so far', async () => {
    const played: Scenario[] = [];
    const outcome = await runChaos({ runs: 50, seed: 3, variant: 'clears-on-transient', maxShrinkRuns: 2, play: playAgainstClearsOn429(played) });
    expect(outcome.failure!.shrinkRuns).toBe(2);
    expect(outcome.failure!.minimal.run.passed).toBe(false);
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

describe('runChaos, interrupted by its signal', () => {
  /** What a run under way says when the interrupt closed its browser first. */
  const CLOSED_PAGE = 'step 20 (waitFor): page.waitForFunction: Target page, context or browser has been closed';

  it('does not count the run it cut short as a counterexample, and plays no schedule after it', async () => {
    const stop = new AbortController();
    const played: Scenario[] = [];
    const outcome = await runChaos({
      runs: 10,
      seed: 1,
      variant: 'reference',
      signal: stop.signal,
      play: async (scenario) => {
        const run: ScenarioRun = { ...(await playAgainstClearsOn429(played)(scenario)), passed: true, violations: [] };
        if (played.length < 3) return run;
        stop.abort(new Error('interrupted by SIGINT'));
        return { ...run, passed: false, error: CLOSED_PAGE, failures: ['window 1: expected state signed-in, found signed-out'], violations: [{ invariant: 'tokens-kept-on-transient', message: 'token.cleared', events: [] }], stepsRun: 3 };
      },
    });
    expect(played).toHaveLength(3);
    expect(outcome.interrupted).toBe(true);
    expect(outcome.failure).toBeNull();
    expect(outcome.runs.map((run) => run.interrupted ?? false)).toEqual([false, false, true]);
    // Its history stays for the report; its verdict, judged on a client torn down mid-step, does not.
    expect(outcome.runs[2]!.run).toMatchObject({ passed: false, failures: [], violations: [], error: `step 4 (${played[2]!.steps[3]!.kind}): interrupted by SIGINT; the run was stopped and not judged` });
  });

  it('keeps the failure already found, with the smallest failing schedule so far when shrinking was under way', async () => {
    const stop = new AbortController();
    const played: Scenario[] = [];
    const seen: ChaosRun[] = [];
    const outcome = await runChaos({
      runs: 50,
      seed: 3,
      variant: 'clears-on-transient',
      maxShrinkRuns: 200,
      signal: stop.signal,
      onProgress: (run) => seen.push(run),
      play: async (scenario) => {
        const run = await playAgainstClearsOn429(played)(scenario);
        if (seen.filter((earlier) => earlier.phase === 'shrink').length < 2) return run;
        stop.abort(new Error('interrupted by SIGTERM'));
        return { ...run, passed: false, error: CLOSED_PAGE };
      },
    });
    expect(outcome.interrupted).toBe(true);
    expect(outcome.runs).toEqual(seen);
    expect(outcome.runs.filter((run) => run.phase === 'shrink')).toHaveLength(3);
    expect(played).toHaveLength(outcome.runs.length);
    const smallestSoFar = seen.slice(0, -1).findLast((run) => !run.run.passed)!;
    expect(outcome.failure!.minimal).toBe(smallestSoFar);
    expect(outcome.failure!.found).toBe(seen.find((run) => !run.run.passed)!.schedule);
    expect(outcome.failure!.yaml).toBe(scheduleToScenario(smallestSoFar.schedule, { name: 'chaos-clears-on-transient-seed-3', variant: 'clears-on-transient', origin: 'tokenstorm run --chaos 50 --variant clears-on-transient --seed 3 --shrink-runs 200', replay: outcome.failure!.replay }).yaml);
  });

  it('plays nothing once stopped before it starts', async () => {
    const stop = new AbortController();
    stop.abort(new Error('interrupted by SIGINT'));
    const played: Scenario[] = [];
    const outcome = await runChaos({ runs: 5, seed: 1, variant: 'reference', signal: stop.signal, play: playAgainstClearsOn429(played) });
    expect(played).toEqual([]);
    expect(outcome).toEqual({ runs: [], failure: null, interrupted: true });
  });
});
