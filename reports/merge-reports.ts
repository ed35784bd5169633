/**
 * Merges the report directories of a sharded run (`tokenstorm run|matrix
 * --shard i/n --report DIR`, one per machine) into one report — results.json,
 * index.html and junit.xml through the reporter's own writer, from every
 * shard's runs — and the verdict the reporter would have given the whole suite.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { ResultsJson, ShardInfo } from './json-report.ts';
import { parseResultsJson } from './read-results.ts';
import { ReportError } from './report-error.ts';
import { runIdentity, runKey, variantOrder, type ReportedRun, type SuiteMode } from './reported-run.ts';
import { summarizeSuite, type SuiteSummary } from './suite-summary.ts';
import { reportTitle, writeReport } from './write-report.ts';

export interface ShardReport {
  dir: string;
  resultsFile: string;
  results: ResultsJson;
}

export interface MergedReport {
  mode: SuiteMode;
  title: string;
  /** The earliest shard's start. */
  createdAt: string;
  runs: ReportedRun[];
  /** Shards of the sharded run that no directory holds, as `i/n`. */
  missingShards: string[];
}

export interface MergeOutcome {
  merged: MergedReport;
  summary: SuiteSummary;
  /** The merged index.html. */
  page: string;
  /** run: every run passed; matrix: the catch matrix holds — and nothing is missing. */
  holds: boolean;
  /** Why it does not hold beyond the summary's own verdict. */
  problems: string[];
}

const MAX_LISTED = 5;

/** Reads, merges and writes; throws a ReportError naming the file when an input is unusable. */
export async function mergeReports(dirs: readonly string[], outDir: string): Promise<MergeOutcome> {
  const shards: ShardReport[] = [];
  for (const dir of dirs) shards.push(await readShardReport(dir));
  // A run's traces sit in its shard's report: copied into the merged one (traces/<k>/, k the shard's place in the
  // arguments), so that one folder holds the report and everything it links.
  const copies: Array<{ from: string; to: string }> = [];
  shards.forEach((shard, index) => {
    for (const run of shard.results.runs) {
      if (!run.traces) continue;
      run.traces = run.traces.map((trace) => {
        const from = resolve(shard.dir, trace.path);
        if (trace.removed || !existsSync(from)) return { ...trace, path: relative(resolve(outDir), from) };
        const to = resolve(outDir, 'traces', String(index + 1), trace.path.replace(/^(\.\.\/)+/, ''));
        copies.push({ from, to });
        return { ...trace, path: relative(resolve(outDir), to) };
      });
    }
  });
  const merged = mergeShardReports(shards);
  for (const { from, to } of copies) {
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
  }

  const page = writeReport(outDir, { mode: merged.mode, title: merged.title, createdAt: merged.createdAt, runs: merged.runs });
  const summary = summarizeSuite(merged.runs, merged.mode, outDir);
  const problems = [
    ...(merged.runs.length === 0 ? ['no scenario runs in the merged reports'] : []),
    ...(merged.missingShards.length ? [`incomplete: no report for shard ${merged.missingShards.join(', ')}; its scenarios are not in the merged report`] : []),
  ];
  return { merged, summary, page, holds: summary.holds && problems.length === 0, problems };
}

export async function readShardReport(dir: string): Promise<ShardReport> {
  const resultsFile = join(dir, 'results.json');
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new ReportError('RESULTS_MISSING', `${dir}: no such directory`);
  if (!info.isDirectory()) throw new ReportError('RESULTS_MISSING', `${dir}: not a directory (expected a report directory holding results.json)`);
  const text = await readFile(resultsFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'not found' : `cannot read it (${error.code ?? error.message})`;
    throw new ReportError('RESULTS_MISSING', `${resultsFile}: ${why} — expected the --report directory of a "tokenstorm run" or "tokenstorm matrix" shard`);
  });
  return { dir, resultsFile, results: parseResultsJson(text, resultsFile) };
}

export function mergeShardReports(shards: readonly ShardReport[]): MergedReport {
  checkDistinctDirs(shards);
  const mode = commonMode(shards);
  const missingShards = missingShardsOf(shards);
  const runs = mergeRuns(shards);
  const createdAt = shards.map((shard) => shard.results.createdAt).sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? new Date().toISOString();
  return {
    mode,
    title: `${reportTitle(mode)} (merged from ${shards.length} report${shards.length === 1 ? '' : 's'})`,
    createdAt,
    runs,
    missingShards,
  };
}

function checkDistinctDirs(shards: readonly ShardReport[]): void {
  const seen = new Map<string, string>();
  for (const shard of shards) {
    const first = seen.get(resolve(shard.dir));
    if (first !== undefined) throw new ReportError('DIR_REPEATED', `${shard.dir}: given twice (also as ${first})`);
    seen.set(resolve(shard.dir), shard.dir);
  }
}

/** The mode every report recorded; a report that recorded none goes along with the rest. */
function commonMode(shards: readonly ShardReport[]): SuiteMode {
  const recorded = shards.flatMap((shard) => {
    const mode = modeOf(shard.results);
    return mode ? [{ mode, file: shard.resultsFile }] : [];
  });
  const first = recorded[0];
  const other = recorded.find((candidate) => candidate.mode !== first?.mode);
  if (first && other) {
    throw new ReportError('MODES_DIFFER', `${other.file}: a "${other.mode}" report, but ${first.file} is a "${first.mode}" report; merge the shards of one "tokenstorm run" or one "tokenstorm matrix" at a time`);
  }
  return first?.mode ?? 'run';
}

/** Reports written before the mode was recorded still say it in their title. */
function modeOf(results: ResultsJson): SuiteMode | undefined {
  if (results.mode) return results.mode;
  return (['run', 'matrix'] as const).find((mode) => results.title === reportTitle(mode));
}

function missingShardsOf(shards: readonly ShardReport[]): string[] {
  const sharded = shards.filter((shard): shard is ShardReport & { results: { shard: ShardInfo } } => shard.results.shard !== undefined);
  if (sharded.length === 0) return [];
  const first = sharded[0]!;
  const total = first.results.shard.total;
  const byIndex = new Map<number, ShardReport>();
  for (const shard of sharded) {
    const { current, total: itsTotal } = shard.results.shard;
    if (itsTotal !== total) throw new ReportError('SHARDS_DIFFER', `${shard.resultsFile}: shard ${current}/${itsTotal}, but ${first.resultsFile} is shard ${first.results.shard.current}/${total}; merge the shards of one run at a time`);
    const same = byIndex.get(current);
    if (same) throw new ReportError('DUPLICATE_SHARD', `${shard.resultsFile}: shard ${current}/${total} again (also ${same.resultsFile}); each shard's report must be given once`);
    byIndex.set(current, shard);
  }
  return Array.from({ length: total }, (_, index) => index + 1).filter((index) => !byIndex.has(index)).map((index) => `${index}/${total}`);
}

/**
 * Every run of every shard, sorted. Each run (scenario × variant × seed × repeat,
 * and its label: chaos mode names its runs of one scenario apart) runs in exactly
 * one shard and is listed once, so finding one twice means reports of different
 * runs (or one report twice) are being mixed: refused, since either count would be wrong.
 */
function mergeRuns(shards: readonly ShardReport[]): ReportedRun[] {
  const firstSeen = new Map<string, string>();
  const acrossShards: string[] = [];
  const withinOne: string[] = [];
  for (const shard of shards) {
    for (const run of shard.results.runs) {
      const key = runKey(run);
      const first = firstSeen.get(key);
      if (first === undefined) firstSeen.set(key, shard.resultsFile);
      else if (first === shard.resultsFile) withinOne.push(`${runIdentity(run)} more than once in ${first}`);
      else acrossShards.push(`${runIdentity(run)} in both ${first} and ${shard.resultsFile}`);
    }
  }
  if (acrossShards.length + withinOne.length > 0) {
    throw new ReportError('DUPLICATE_RUNS', [
      ...duplicatesListed(acrossShards, 'reported by more than one shard', 'Each run belongs to exactly one shard: are these reports from different runs, or did two shards run with the same --shard?'),
      ...duplicatesListed(withinOne, 'listed more than once in one report', 'A report lists each of its runs once, named apart: was it written by hand, or by a tokenstorm that did not yet name chaos runs apart?'),
    ].join('\n'));
  }
  return shards.flatMap((shard) => shard.results.runs).sort(byScenarioVariantSeed);
}

function duplicatesListed(duplicates: readonly string[], found: string, question: string): string[] {
  if (duplicates.length === 0) return [];
  const more = duplicates.length > MAX_LISTED ? [`  … and ${duplicates.length - MAX_LISTED} more`] : [];
  return [`${duplicates.length} run${duplicates.length === 1 ? '' : 's'} ${found}:`, ...duplicates.slice(0, MAX_LISTED).map((line) => `  ${line}`), ...more, question];
}

/** Runs that tie (a chaos search's, told apart by their labels) keep the order they ran in: the sort is stable. */
function byScenarioVariantSeed(a: ReportedRun, b: ReportedRun): number {
  return a.scenario.localeCompare(b.scenario) || variantOrder(a.variant).localeCompare(variantOrder(b.variant)) || a.seed - b.seed || (a.repeat ?? 0) - (b.repeat ?? 0);
}
