/**
 * A Playwright Test reporter for the scenario suite: collects each scenario
 * run, prints a summary table (and the catch matrix for `tokenstorm matrix`),
 * and writes results.json and a self-contained index.html next to Playwright's
 * junit.xml in the run's report directory, then points reports/out/latest at it.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import type { ScenarioRun } from '../harness/runner/run-scenario.ts';
import { RUN_ATTACHMENT } from '../harness/runner/run-plan.ts';
import { buildCatchMatrix, formatCatchMatrix } from './catch-matrix.ts';
import { renderHtmlReport } from './html-report.ts';
import { toResultsJson } from './json-report.ts';

interface Options {
  reportDir: string;
  mode: 'run' | 'matrix';
}

export default class TokenstormReporter implements Reporter {
  private readonly runs: ScenarioRun[] = [];
  private readonly started = new Date();

  constructor(private readonly options: Options) {}

  onTestEnd(_test: TestCase, result: TestResult): void {
    const attachment = result.attachments.find((candidate) => candidate.name === RUN_ATTACHMENT);
    if (attachment?.body) this.runs.push(JSON.parse(attachment.body.toString()) as ScenarioRun);
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    const { reportDir, mode } = this.options;
    mkdirSync(reportDir, { recursive: true });
    const input = {
      title: mode === 'matrix' ? 'tokenstorm catch matrix' : 'tokenstorm scenario run',
      createdAt: this.started.toISOString(),
      driver: [...new Set(this.runs.map((run) => run.driver))].join('; ') || 'none ran',
      runs: this.runs,
    };
    writeFileSync(join(reportDir, 'results.json'), JSON.stringify(toResultsJson(input), null, 2));
    writeFileSync(join(reportDir, 'index.html'), renderHtmlReport(input));
    pointLatestAt(reportDir);

    console.log(`\n${summaryTable(this.runs)}\n`);
    let status = result.status;
    if (mode === 'matrix') {
      const matrix = buildCatchMatrix(this.runs.map((run) => ({ scenario: run.scenario, variant: run.variant, passed: run.passed })));
      console.log(`${formatCatchMatrix(matrix)}\n`);
      status = matrix.holds && result.status !== 'interrupted' ? 'passed' : 'failed';
    }
    console.log(`report: ${join(reportDir, 'index.html')} (results.json, junit.xml beside it)`);
    return { status };
  }

  printsToStdio(): boolean {
    return true;
  }
}

function summaryTable(runs: ScenarioRun[]): string {
  const sorted = [...runs].sort((a, b) => a.scenario.localeCompare(b.scenario) || a.variant.localeCompare(b.variant));
  const width = Math.max(8, ...sorted.map((run) => run.scenario.length));
  const lines = sorted.map((run) => {
    const why = run.error ?? run.failures[0] ?? (run.violations[0] ? `${run.violations[0].invariant}: ${run.violations[0].message}` : '');
    return `${run.passed ? 'PASS' : 'FAIL'}  ${run.scenario.padEnd(width)}  ${run.variant.padEnd(22)} ${String(run.durationMs).padStart(6)} ms  ${why.slice(0, 140)}`;
  });
  const passed = runs.filter((run) => run.passed).length;
  return [`${'    '}  ${'scenario'.padEnd(width)}  ${'variant'.padEnd(22)} ${'time'.padStart(9)}`, ...lines, '', `${passed} passed, ${runs.length - passed} failed`].join('\n');
}

/** reports/out/latest → this run (a relative link, so the folder can be copied as a whole). */
function pointLatestAt(reportDir: string): void {
  const latest = join(dirname(reportDir), 'latest');
  try {
    rmSync(latest, { force: true, recursive: false });
    symlinkSync(basename(reportDir), latest);
  } catch {
    // A report directory outside reports/out, or a file system without links: nothing to point.
  }
}
