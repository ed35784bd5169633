/**
 * junit.xml for CI: one <testcase> per scenario run, failed exactly when its
 * Playwright test failed (scenarios.spec.ts) — in a matrix a buggy variant
 * failing is the expected outcome, so only the reference failing, or a test
 * that ended before its run did, is a failure.
 */
import { escapeMarkup } from './escape-markup.ts';
import { failedItsTest, failureReasons, type ReportedRun, type SuiteMode } from './reported-run.ts';

export const JUNIT_SUITE_NAME = 'tokenstorm scenarios';

export interface JunitReportInput {
  mode: SuiteMode;
  /** The suite's start, as an ISO time. */
  createdAt: string;
  runs: readonly ReportedRun[];
}

export function renderJunitReport(input: JunitReportInput): string {
  const skipped = input.runs.filter((run) => run.shrinkStep).length;
  const failures = input.runs.filter((run) => !run.shrinkStep && failedItsTest(run, input.mode)).length;
  const totals = `tests="${input.runs.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(input.runs.reduce((sum, run) => sum + run.durationMs, 0))}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${JUNIT_SUITE_NAME}" ${totals}>`,
    `<testsuite name="${JUNIT_SUITE_NAME}" timestamp="${escapeMarkup(input.createdAt)}" ${totals}>`,
    ...input.runs.map((run) => renderTestcase(run, input.mode)),
    '</testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function renderTestcase(run: ReportedRun, mode: SuiteMode): string {
  const properties = Object.entries({ driver: run.driver, seed: run.seed, timeScale: run.timeScale, schedule: run.schedule, replay: run.replay })
    // Runs read back from reports written before the time scale was recorded have none; only chaos runs have a schedule.
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<property name="${name}" value="${escapeMarkup(String(value))}"/>`);
  return [
    `<testcase name="${escapeMarkup(testcaseName(run))}" classname="${escapeMarkup(run.scenario)}" time="${seconds(run.durationMs)}">`,
    `<properties>${properties.join('')}</properties>`,
    // A chaos search reports one failure twice at most (the schedule that broke, and its minimal form): the steps between are not findings.
    ...(run.shrinkStep ? [`<skipped message="${escapeMarkup(`a step of shrinking a failing schedule to its minimal form (${run.passed ? 'passed' : 'failed'}); the minimal schedule is a testcase of its own`)}"/>`] : failedItsTest(run, mode) ? [renderFailure(failureReasons(run))] : []),
    '</testcase>',
  ].join('\n');
}

/**
 * `scenario [variant]`, then what sets the run apart from the others of that name — its repeat (--repeat N), its
 * label (chaos mode's "shrink step 4") — since JUnit consumers merge testcases of one name into one.
 */
function testcaseName(run: Pick<ReportedRun, 'scenario' | 'variant' | 'repeat' | 'label'>): string {
  const apart = [...(run.repeat ? [`repeat ${run.repeat + 1}`] : []), ...(run.label ? [run.label] : [])];
  return `${run.scenario} [${run.variant}]${apart.length ? ` (${apart.join(', ')})` : ''}`;
}

function renderFailure(reasons: readonly string[]): string {
  // An attribute's line breaks become spaces when read back: the message is the first reason's first line, the text all of them.
  const message = reasons[0]?.split('\n')[0] ?? 'failed';
  return `<failure message="${escapeMarkup(message)}">${escapeMarkup(reasons.join('\n'))}</failure>`;
}

function seconds(ms: number): string {
  return (ms / 1_000).toFixed(3);
}
