/**
 * A Playwright Test reporter for the scenario suite: collects each scenario
 * run — and a failing run for each test that ended before reporting one —,
 * prints a summary table (and the catch matrix for `tokenstorm matrix`), and
 * writes results.json, a self-contained index.html and junit.xml to the run's
 * report directory, then points reports/out/latest at it.
 */
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { RUN_ATTACHMENT, readRunPlan, type RunPlan } from '../harness/runner/run-plan.ts';
import type { ShardInfo } from './json-report.ts';
import type { ReportedRun, SuiteMode } from './reported-run.ts';
import { summarizeSuite } from './suite-summary.ts';
import { unfinishedRun } from './unfinished-run.ts';
import { writeReport } from './write-report.ts';

interface Options {
  reportDir: string;
  mode: SuiteMode;
}

export default class TokenstormReporter implements Reporter {
  private readonly runs: ReportedRun[] = [];
  private readonly started = new Date();
  private readonly plan = runPlanIfSet();
  private shard: ShardInfo | undefined;
  private suite: Suite | undefined;

  constructor(private readonly options: Options) {}

  onBegin(config: FullConfig, suite: Suite): void {
    // Recorded so that `tokenstorm merge-reports` can tell a missing shard from a complete merge.
    if (config.shard) this.shard = { current: config.shard.current, total: config.shard.total };
    this.suite = suite;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const attachment = result.attachments.find((candidate) => candidate.name === RUN_ATTACHMENT);
    if (attachment?.body) this.runs.push({ ...(JSON.parse(attachment.body.toString()) as ReportedRun), repeat: test.repeatEachIndex });
    else if (result.status !== 'skipped') this.runs.push(unfinishedRun(test, result, this.plan));
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    const { reportDir, mode } = this.options;
    // A test the suite never started (an interrupted run stops before them) is in the report too, as not run.
    for (const test of this.suite?.allTests() ?? []) {
      if (test.results.length === 0 && test.expectedStatus !== 'skipped') {
        this.runs.push({ ...unfinishedRun(test, { status: 'skipped', duration: 0, annotations: [] }, this.plan), error: notStarted(result.status) });
      }
    }
    const page = writeReport(reportDir, { mode, createdAt: this.started.toISOString(), runs: this.runs, ...(this.shard ? { shard: this.shard } : {}) });
    const summary = summarizeSuite(this.runs, mode, reportDir);
    console.log(summary.text);
    // In a matrix, buggy variants failing is the point: the catch matrix decides, unless the run was interrupted.
    const status = mode === 'matrix' ? (summary.holds && result.status !== 'interrupted' ? 'passed' : 'failed') : result.status;
    console.log(`report: ${page} (results.json, junit.xml beside it)`);
    return { status };
  }

  printsToStdio(): boolean {
    return true;
  }
}

/** Why a test never started, as the suite ended. */
function notStarted(status: FullResult['status']): string {
  return status === 'interrupted' ? 'did not run: the run was interrupted before this test started' : `did not run: the suite ended (${status}) before this test started`;
}

/** The plan `tokenstorm run|matrix` passed down; absent when Playwright was started some other way. */
function runPlanIfSet(): RunPlan | undefined {
  try {
    return readRunPlan();
  } catch {
    return undefined;
  }
}
