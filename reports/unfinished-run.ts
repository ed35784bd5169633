/**
 * The run of a scenario test that ended — timed out, crashed, was interrupted —
 * before runScenario returned and the test attached its run: a failing run made
 * from what Playwright knows, so that every test the suite ran is in its reports.
 */
import { stripVTControlCharacters } from 'node:util';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import type { RunPlan } from '../harness/runner/run-plan.ts';
import type { ReportedRun } from './reported-run.ts';

/** scenarios.spec.ts titles each test `name [variant]`. */
const TITLE = /^(.+) \[([^\]]+)\]$/;

/** What runScenario and the CLI use when no seed or time scale is given. */
const DEFAULT_SEED = 1;
const DEFAULT_TIME_SCALE = 1;

export type UnfinishedTest = Pick<TestCase, 'title' | 'repeatEachIndex' | 'annotations'>;
export type UnfinishedResult = Pick<TestResult, 'status' | 'duration' | 'error' | 'annotations'>;

/** `plan`: the run plan the test ran under, when the reporter can read it. */
export function unfinishedRun(test: UnfinishedTest, result: UnfinishedResult, plan?: Pick<RunPlan, 'driver' | 'seed' | 'timeScale'>): ReportedRun {
  const annotated = (type: string) => [...result.annotations, ...test.annotations].find((annotation) => annotation.type === type)?.description;
  const [, titledScenario = test.title, titledVariant = 'unknown'] = TITLE.exec(test.title) ?? [];
  // Playwright's messages carry terminal colours; the first line says what happened, the rest is a stack or a diff.
  const message = stripVTControlCharacters(result.error?.message ?? '').split('\n')[0]!.trim();
  return {
    scenario: annotated('scenario') ?? titledScenario,
    variant: annotated('variant') ?? titledVariant,
    driver: annotated('driver') ?? (plan ? `${plan.driver} (none chosen before the test ended)` : 'unknown'),
    // As scenarios.spec.ts seeds each repeat.
    seed: (plan?.seed ?? DEFAULT_SEED) + test.repeatEachIndex,
    timeScale: plan?.timeScale ?? DEFAULT_TIME_SCALE,
    passed: false,
    failures: [],
    violations: [],
    error: message ? `test ${result.status}: ${message}` : `test ${result.status} without reporting its run`,
    stepsRun: 0,
    durationMs: result.duration,
    history: { events: [] },
    repeat: test.repeatEachIndex,
    unfinished: true,
  };
}
