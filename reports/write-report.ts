/**
 * Writes a suite's report directory — results.json, the self-contained
 * index.html and junit.xml — and points `latest` beside it at it. Shared by the Playwright
 * reporter (one run or one shard) and `tokenstorm merge-reports` (shards merged).
 */
import { accessSync, constants as fsConstants, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { renderHtmlReport } from './html-report.ts';
import { toResultsJson, type ShardInfo } from './json-report.ts';
import { renderJunitReport } from './junit-report.ts';
import type { ReportedRun, SuiteMode } from './reported-run.ts';
import { DEFAULT_REPORTS_DIR } from './reports-dir.ts';

export interface SuiteReport {
  mode: SuiteMode;
  createdAt: string;
  runs: readonly ReportedRun[];
  /** Defaults to the mode's title. */
  title?: string;
  shard?: ShardInfo;
}

export function reportTitle(mode: SuiteMode): string {
  return mode === 'matrix' ? 'tokenstorm catch matrix' : 'tokenstorm scenario run';
}

/**
 * Creates the report directory up front, so that a run does not end without a
 * report: undefined when it is usable, else what is wrong with it, for `--report`.
 */
export function prepareReportDir(reportDir: string): string | undefined {
  const refused = reportDirRefused(reportDir);
  if (refused) return refused;
  try {
    mkdirSync(reportDir, { recursive: true });
    // mkdir succeeds on a directory that is there already, writable or not: the run would fail only when it writes.
    accessSync(reportDir, fsConstants.W_OK | fsConstants.X_OK);
    return undefined;
  } catch (error) {
    return reportDirProblem(reportDir, error) ?? `cannot write the report to ${reportDir}: ${(error as Error).message}`;
  }
}

/** Why `reportDir` can never hold a report, before touching it: Node 20's recursive mkdir spins forever under /proc or /sys. */
export function reportDirRefused(reportDir: string): string | undefined {
  if (/^\/(proc|sys)(\/|$)/.test(resolve(reportDir))) return `cannot write the report to ${reportDir}: it is in a kernel file system`;
  // Written through, the link would overwrite the last run's report, and then be pointed at itself.
  if (resolve(reportDir) === latestLinkFor(reportDir)) return `cannot write the report to ${reportDir}: it is the link to the last run's report; give a directory of its own`;
  return undefined;
}

/** What a file-system error creating or writing `reportDir` means, in words; undefined for an error that is not one. */
export function reportDirProblem(reportDir: string, error: unknown): string | undefined {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  if (typeof code !== 'string' || typeof syscall !== 'string') return undefined;
  const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'it, or a directory above it, is a file' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permission denied' : `${code} (${syscall})`;
  return `cannot write the report to ${reportDir}: ${why}`;
}

/** Writes `reportDir`/results.json, `reportDir`/index.html and `reportDir`/junit.xml; returns the page's path. */
export function writeReport(reportDir: string, report: SuiteReport): string {
  mkdirSync(reportDir, { recursive: true });
  const input = {
    title: report.title ?? reportTitle(report.mode),
    createdAt: report.createdAt,
    driver: [...new Set(report.runs.map((run) => run.driver))].join('; ') || 'none ran',
    mode: report.mode,
    ...(report.shard ? { shard: report.shard } : {}),
    runs: report.runs,
  };
  writeFileSync(join(reportDir, 'results.json'), JSON.stringify(toResultsJson(input), null, 2));
  const page = join(reportDir, 'index.html');
  writeFileSync(page, renderHtmlReport(input));
  writeFileSync(join(reportDir, 'junit.xml'), renderJunitReport(input));
  pointLatestAt(reportDir);
  return page;
}

/** reports/out/latest → this report (a relative link, so the folder can be copied as a whole). */

/** The `latest` link a report in `reportDir` updates: only among tokenstorm's own reports, since beside a directory someone chose (`--report /tmp/x`) one is litter. */
export function latestLinkFor(reportDir: string): string | undefined {
  return resolve(dirname(reportDir)) === DEFAULT_REPORTS_DIR ? join(DEFAULT_REPORTS_DIR, 'latest') : undefined;
}

function pointLatestAt(reportDir: string): void {
  const latest = latestLinkFor(reportDir);
  if (!latest) return;
  try {
    // Replace only an earlier link: a file or folder someone named `latest` is theirs.
    if (isPresent(latest) && !lstatSync(latest).isSymbolicLink()) return;
    rmSync(latest, { force: true });
    symlinkSync(basename(reportDir), latest);
  } catch {
    // A read-only parent, or a file system without links: nothing to point.
  }
}

function isPresent(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
