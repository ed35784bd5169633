/**
 * A scenario run as the reports hold it: the harness's `ScenarioRun` without
 * the raw tokens it kept for leak scanning, plus which repeat of its test it was.
 * Its scenario's `title` and `teaches` come with it into results.json; a file
 * written before they did has neither, and the HTML report does without.
 */
import type { HistoryEvent } from '../harness/history/types.ts';
import type { RunPlan } from '../harness/runner/run-plan.ts';
import type { ScenarioRun } from '../harness/runner/run-scenario.ts';
import { redactText } from './redact.ts';

export type ReportedRun = Omit<ScenarioRun, 'history'> & {
  history: { events: HistoryEvent[] };
  /** Playwright's repeat index (`--repeat N`): 0 for the first run of a scenario × variant. */
  repeat?: number;
  /** The test ended (timed out, crashed, was interrupted) before its scenario run did: a failing run made from Playwright's result, with no history. */
  unfinished?: true;
  /**
   * What sets the run apart from the others of its scenario × variant × seed × repeat: chaos mode plays one
   * generated scenario name many times ("schedule 2", "shrink step 4", "…, minimal: replayed by <file>").
   */
  label?: string;
  /** What a generated scenario played, in words: chaos mode's fault schedule. */
  schedule?: string;
  /** The command that replays this run from a written scenario file: chaos mode's minimal failing schedule. */
  replay?: string;
  /** A run chaos mode played while shrinking a failure, other than the minimal one: a means to it, not a finding of its own. */
  shrinkStep?: true;
};

/** A run as reports hold it: the raw tokens the harness kept for leak scanning are dropped here, once. */
export function toReportedRun(run: ScenarioRun): ReportedRun {
  return { ...run, history: { events: run.history.events } };
}

/** `run`: every run must pass; `matrix`: the catch matrix must hold. */
export type SuiteMode = RunPlan['mode'];

type RunIdentity = Pick<ReportedRun, 'scenario' | 'variant' | 'seed' | 'repeat' | 'label'>;

/** What makes a run one test of the suite, in words: scenario × variant × seed × repeat, and its label. */
export function runIdentity(run: RunIdentity): string {
  const apart = [`seed ${run.seed}`, ...(run.repeat === undefined ? [] : [`repeat ${run.repeat}`]), ...(run.label ? [run.label] : [])];
  return `${run.scenario} × ${run.variant} (${apart.join(', ')})`;
}

/** The same, as a key: two runs with one key are one run reported twice. */
export function runKey(run: RunIdentity): string {
  return JSON.stringify([run.scenario, run.variant, run.seed, run.repeat ?? null, run.label ?? null]);
}

/** Sorts a scenario's runs with the reference first (the correct client), then the variants with a bug by name. */
export function variantOrder(variant: string): string {
  return variant === 'reference' ? '' : variant;
}

/** Whether a run's test asserts that it passed: always in a run; in a matrix only the reference's, since a buggy variant failing is what is measured. */
export function mustPass(mode: SuiteMode, variant: string): boolean {
  return mode === 'run' || variant === 'reference';
}

/** Whether the run's test failed: a run that had to pass and did not, or a test that ended before its run did. */
export function failedItsTest(run: Pick<ReportedRun, 'passed' | 'variant' | 'unfinished'>, mode: SuiteMode): boolean {
  return !run.passed && (run.unfinished === true || mustPass(mode, run.variant));
}

/**
 * Why a run failed, the most telling first: the violated invariants (what the client did wrong), then the step that
 * threw and the expectations that did not hold (what that led to: a window left "expired", say).
 */
export function failureReasons(run: Pick<ScenarioRun, 'error' | 'failures' | 'violations'>): string[] {
  // Printed to terminals and CI logs as well as written to reports: redacted here, once, for all of them.
  return [...run.violations.map((violation) => `${violation.invariant}: ${violation.message}`), ...(run.error ? [run.error] : []), ...run.failures].map(redactText);
}
