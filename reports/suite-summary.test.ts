import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from './html-report.ts';
import { sampleRuns } from './report-test-support.ts';
import { join } from 'node:path';
import { runIdentity, toReportedRun } from './reported-run.ts';
import { summarizeSuite, summaryTable, traceNote } from './suite-summary.ts';

const [passing, failing] = sampleRuns().map(toReportedRun);

describe('repeats (--repeat N) told apart', () => {
  const repeats = [{ ...failing!, repeat: 1, seed: 8 }, { ...failing!, repeat: 0 }, { ...passing!, repeat: 0 }];

  it('in the summary table: each repeat with its seed, in order, and no trailing blanks', () => {
    const rows = summaryTable(repeats).split('\n');
    expect(rows.filter((row) => row.includes('two-windows-refresh')).map((row) => row.split(/\s{2,}/).slice(0, 2))).toEqual([
      ['FAIL', 'two-windows-refresh'],
      ['FAIL', 'two-windows-refresh (repeat 2, seed 8)'],
    ]);
    expect(rows.filter((row) => row !== row.trimEnd())).toEqual([]);
  });

  it('in the HTML report: a repeat says which it is and the seed it played', () => {
    const html = renderHtmlReport({ title: 't', createdAt: '2025-06-01T12:00:00Z', driver: 'chromium', runs: repeats });
    expect(html.match(/data-testid="run-repeat">[^<]*</g)).toEqual(['data-testid="run-repeat">· repeat 2, seed 8<']);
  });
});

describe('traces (--trace) in the summary', () => {
  const trace = (path: string, removed?: string) => ({ path, redacted: false, ...(removed ? { removed } : {}) });
  const dir = join(process.cwd(), 'reports', 'out', 'run-x');

  it("counts the runs with traces and names each failing run's, the way to a file from where the command ran", () => {
    const runs = [
      { ...passing!, traces: [trace('artifacts/a/trace/launch-1.zip')] },
      { ...failing!, traces: [trace('artifacts/b/trace/launch-1.zip'), trace('artifacts/b/trace/launch-2.zip'), trace('artifacts/b/trace/launch-3.zip', 'it could not be read')] },
    ];
    expect(traceNote(runs, dir)).toBe(
      [
        "Playwright traces of 2 run(s) are in the report; the failing runs' (npx playwright show-trace FILE):",
        `  ${runIdentity(failing!)}: reports/out/run-x/artifacts/b/trace/launch-1.zip, reports/out/run-x/artifacts/b/trace/launch-2.zip`,
      ].join('\n'),
    );
    expect(summarizeSuite(runs, 'run', dir).text).toContain(traceNote(runs, dir));
    // A report outside the current directory is named in full.
    expect(traceNote(runs, '/elsewhere/report').split('\n')[1]).toBe(`  ${runIdentity(failing!)}: /elsewhere/report/artifacts/b/trace/launch-1.zip, /elsewhere/report/artifacts/b/trace/launch-2.zip`);
    expect(summarizeSuite(runs, 'run').text).not.toContain('Playwright traces');
  });

  it('says nothing when no run kept a trace, and lists at most ten failing runs', () => {
    expect(traceNote([passing!, failing!, { ...failing!, traces: [trace('x.zip', 'gone')] }], dir)).toBe('');
    const many = Array.from({ length: 12 }, (_, index) => ({ ...failing!, seed: index, traces: [trace(`t${index}.zip`)] }));
    const lines = traceNote(many, dir).split('\n');
    expect(lines).toHaveLength(12);
    expect(lines.at(-1)).toBe('  … and 2 more failing run(s)');
  });
});
