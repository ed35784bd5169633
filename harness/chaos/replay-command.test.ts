import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { ScenarioRun } from '../runner/run-scenario.ts';
import { parseScenario } from '../scenarios/load-scenario.ts';
import { chaosCommandLine, replayCommandLine, shellQuote } from './replay-command.ts';
import { runChaos } from './run-chaos.ts';

/** The words a POSIX shell reads from `commandLine`, each exactly as the program would receive it. */
function wordsReadBack(commandLine: string): string[] {
  const result = spawnSync('/bin/sh', ['-c', `set -- ${commandLine}; printf '%s\\0' "$@"`], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout.split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it('leaves a word the shell reads literally as it is', () => {
    for (const word of ['tokenstorm', 'reports/out/chaos-2026-11-26T11-19-21-644/chaos-reference-seed-7.yaml', '--time-scale', '2.5', '--seed=-5', 'a@b%c+d,e:f']) expect(shellQuote(word)).toBe(word);
  });

  it('single-quotes anything else, so that the shell hands back exactly the word', () => {
    const words = ['reports/with space/x.yaml', "it's", '', '$HOME', '`id`', 'a;b|c&d', '*.yaml', '~/x', 'line\nbreak', '"quoted"', "''", '\\'];
    expect(shellQuote('with space')).toBe("'with space'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(wordsReadBack(words.map(shellQuote).join(' '))).toEqual(words);
  });
});

describe('the replay command', () => {
  const invocation = { runs: 8, variant: 'clears-on-transient', seed: 7, timeScale: 5 };

  it('names the variant, seed and time scale, and the driver when one other than auto was asked for', () => {
    expect(replayCommandLine('x.yaml', invocation)).toBe('tokenstorm run x.yaml --variant clears-on-transient --seed 7 --time-scale 5');
    expect(replayCommandLine('x.yaml', { ...invocation, driver: 'auto' })).toBe('tokenstorm run x.yaml --variant clears-on-transient --seed 7 --time-scale 5');
    expect(replayCommandLine('x.yaml', { ...invocation, timeScale: 2.5, driver: 'chromium' })).toBe('tokenstorm run x.yaml --variant clears-on-transient --seed 7 --time-scale 2.5 --driver chromium');
  });

  it('can be pasted: a path with a space or a quote stays one word, and a negative seed stays the seed', () => {
    const file = ".scratch/probe chaos/it's/chaos-reference-seed-minus-5.yaml";
    const command = replayCommandLine(file, { ...invocation, seed: -5, driver: 'electron' });
    expect(wordsReadBack(command)).toEqual(['tokenstorm', 'run', file, '--variant', 'clears-on-transient', '--seed=-5', '--time-scale', '5', '--driver', 'electron']);
  });

  it('and the command that found it name the same options', () => {
    expect(chaosCommandLine({ ...invocation, maxShrinkRuns: 10, driver: 'chromium' })).toBe('tokenstorm run --chaos 8 --variant clears-on-transient --seed 7 --time-scale 5 --driver chromium --shrink-runs 10');
  });

  it('is the one in the written scenario\'s header and `teaches`', async () => {
    const scenarioFile = '.scratch/with space/chaos-clears-on-transient-seed-7.yaml';
    const failing = async (): Promise<ScenarioRun> => ({ scenario: 's', variant: 'clears-on-transient', driver: 'fake', seed: 7, timeScale: 5, passed: false, failures: ['final state'], violations: [], stepsRun: 1, durationMs: 1, history: { events: [], issuedTokens: [] } });
    const outcome = await runChaos({ ...invocation, runs: 1, maxShrinkRuns: 0, driver: 'chromium', scenarioFile, play: failing });
    const { replay, yaml } = outcome.failure!;
    expect(replay).toBe("tokenstorm run '.scratch/with space/chaos-clears-on-transient-seed-7.yaml' --variant clears-on-transient --seed 7 --time-scale 5 --driver chromium");
    expect(yaml.split('\n')[0]).toBe(`# Written by tokenstorm chaos mode. Replay: ${replay}`);
    expect(parseScenario(yaml, 'x.yaml').teaches).toContain(`"${replay}" replays it`);
  });
});
