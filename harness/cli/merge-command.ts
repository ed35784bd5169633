/**
 * `tokenstorm merge-reports DIR... [--report OUT]`: one report from the report
 * directories of a sharded run, judged as the whole suite would have been.
 */
import { join, resolve } from 'node:path';
import { mergeReports } from '../../reports/merge-reports.ts';
import { isReportError } from '../../reports/report-error.ts';
import { reportDirProblem, reportDirRefused } from '../../reports/write-report.ts';
import { DEFAULT_REPORTS_DIR } from '../../reports/reports-dir.ts';
import { commandLineError, parseCommandLine } from './parse-command-line.ts';

const HELP = `usage: tokenstorm merge-reports DIR... [--report OUT]

Merges the report directories of a sharded run ("tokenstorm run|matrix --shard i/n --report DIR",
one DIR per shard) into OUT (default reports/out/merged-<time>/): results.json, index.html and
junit.xml with every shard's scenarios and timelines, written as one run's report is.
Prints the summary table, and for a matrix run the catch matrix, as the runs themselves do.
Refuses a DIR without a readable results.json, reports of different modes or splits, and a run
found in two shards. Exit code 0 when every merged run passed (run) or the catch matrix holds
(matrix); 1 when not, when a shard's report is missing, or when a DIR is refused; 2 for usage errors.`;

export const mergeCommand = {
  async run(argv: string[]): Promise<number> {
    let parsed;
    try {
      parsed = parseCommandLine({ args: argv, allowPositionals: true, options: { report: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    } catch (error) {
      console.error(commandLineError('merge-reports', error));
      return 2;
    }
    const { values, positionals: dirs } = parsed;
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (dirs.length === 0) return usageError('expected at least one report directory');
    const outDir = resolve(values.report ?? join(DEFAULT_REPORTS_DIR, `merged-${new Date().toISOString().replace(/[:.]/g, '-').replace('Z', '')}`));
    if (dirs.some((dir) => resolve(dir) === outDir)) return usageError(`--report: ${values.report} is one of the directories being merged; choose another OUT`);
    const refused = reportDirRefused(outDir);
    if (refused) return usageError(`--report: ${refused}`);

    let outcome;
    try {
      outcome = await mergeReports(dirs, outDir);
    } catch (error) {
      // Nothing is written until every shard has been read: a bad OUT fails only here.
      const problem = isReportError(error) ? error.message : reportDirProblem(outDir, error);
      if (problem === undefined) throw error;
      console.error(`tokenstorm merge-reports: ${isReportError(error) ? '' : '--report: '}${problem}`);
      return 1;
    }
    console.log(outcome.summary.text);
    for (const problem of outcome.problems) console.log(`NOT OK: ${problem}`);
    console.log(`merged ${dirs.length} report${dirs.length === 1 ? '' : 's'}: ${outcome.page} (results.json, junit.xml beside it)`);
    return outcome.holds ? 0 : 1;
  },
};

function usageError(message: string): number {
  console.error(`tokenstorm merge-reports: ${message}\n\n${HELP}`);
  return 2;
}
