/**
 * Progress for `tokenstorm run` / `matrix` while the suite runs: one line per
 * scenario run as it ends. It replaces Playwright's `list` reporter, whose
 * account of a failed test is the harness's own (an `expect` on `run.passed`,
 * a source excerpt of scenarios.spec.ts, an "Error Context" file written for
 * an AI assistant): the reasons a scenario failed are the summary's to print
 * (reports/tokenstorm-reporter.ts). An error outside any test — a worker that
 * crashed, a config that failed to load — is printed as Playwright gives it.
 */
import type { FullConfig, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';

const MARK: Record<TestResult['status'], string> = { passed: 'ok  ', failed: 'FAIL', timedOut: 'FAIL', interrupted: 'STOP', skipped: 'skip' };

export default class ProgressReporter implements Reporter {
  private total = 0;
  private done = 0;

  /** Playwright hands a reporter its options; tests hand one a place to write. */
  constructor(private readonly options: { write?: (line: string) => void; /** The run's --seed: a repeat plays it + its index. */ seed?: number } = {}) {}

  private write(line: string): void {
    if (this.options.write) this.options.write(line);
    else process.stdout.write(`${line}\n`);
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.total = suite.allTests().length;
    const shard = config.shard ? `, shard ${config.shard.current}/${config.shard.total}` : '';
    this.write(`Running ${this.total} scenario run${this.total === 1 ? '' : 's'} with ${config.workers} worker${config.workers === 1 ? '' : 's'}${shard}`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.done += 1;
    const width = String(this.total).length;
    // No time here: the summary gives each run's own, without the launch and teardown around it.
    // Repeats of one test share its title (--repeat N): each says which it is, and the seed it played (the run's seed + repeat).
    const seed = this.options.seed === undefined ? '' : `, seed ${this.options.seed + test.repeatEachIndex}`;
    const repeat = test.repeatEachIndex > 0 ? ` (repeat ${test.repeatEachIndex + 1}${seed})` : '';
    this.write(`  ${MARK[result.status]} ${String(this.done).padStart(width)}/${this.total}  ${test.title}${repeat}`);
  }

  onStdOut(chunk: string | Buffer): void {
    process.stdout.write(chunk);
  }

  onStdErr(chunk: string | Buffer): void {
    process.stderr.write(chunk);
  }

  onError(error: TestError): void {
    this.write(`error: ${error.message ?? error.value ?? 'unknown'}`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
