import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from './html-report.ts';
import { sampleRuns } from './report-test-support.ts';
import { toReportedRun } from './reported-run.ts';
import { summaryTable } from './suite-summary.ts';

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
