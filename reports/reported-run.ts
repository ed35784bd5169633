/**
 * A scenario run as the reports hold it: the harness's `ScenarioRun` without
 * the raw tokens it kept for leak scanning, plus which repeat of its test it was.
 */
import type { HistoryEvent } from '../harness/history/types.ts';
import type { RunPlan } from '../harness/runner/run-plan.ts';
import type { ScenarioRun } from '../harness/runner/run-scenario.ts';

export type ReportedRun = Omit<ScenarioRun, 'history'> & {
  history: { events: HistoryEvent[] };
  /** Playwright's repeat index (`--repeat N`): 0 for the first run of a scenario × variant. */
  repeat?: number;
};

/** `run`: every run must pass; `matrix`: the catch matrix must hold. */
export type SuiteMode = RunPlan['mode'];

/** What makes a run one test of the suite: scenario × variant × seed × repeat. */
export function runIdentity(run: Pick<ReportedRun, 'scenario' | 'variant' | 'seed' | 'repeat'>): string {
  return `${run.scenario} × ${run.variant} (seed ${run.seed}${run.repeat === undefined ? '' : `, repeat ${run.repeat}`})`;
}
