/**
 * `results.json`: the machine-readable record of a suite run, complete enough
 * to render the HTML report again (which is how sharded runs are merged).
 * Every run keeps its events and violations; the raw tokens the IdP issued
 * (kept in memory for leak scanning) never leave, and any token-shaped string
 * is redacted.
 */
import { redactDeep } from './redact.ts';
import type { ReportedRun, SuiteMode } from './reported-run.ts';

/** Which part of a sharded run (`--shard current/total`) a report holds. */
export interface ShardInfo {
  current: number;
  total: number;
}

export interface ResultsJsonInput {
  title: string;
  createdAt: string;
  driver: string;
  mode: SuiteMode;
  shard?: ShardInfo;
  runs: readonly ReportedRun[];
}

/**
 * The shape's version, for tools that read results.json: raised when a field changes meaning or goes away
 * (new optional fields do not raise it). Files written before it was recorded have none, and read as 1.
 */
export const RESULTS_SCHEMA_VERSION = 1;

export interface ResultsJson {
  schemaVersion?: number;
  title: string;
  createdAt: string;
  driver: string;
  /** Absent in files written before it was recorded. */
  mode?: SuiteMode;
  shard?: ShardInfo;
  totals: { runs: number; passed: number; failed: number };
  runs: ReportedRun[];
}

export function toResultsJson(input: ResultsJsonInput): ResultsJson {
  const passed = input.runs.filter((run) => run.passed).length;
  return redactDeep({
    schemaVersion: RESULTS_SCHEMA_VERSION,
    title: input.title,
    createdAt: input.createdAt,
    driver: input.driver,
    mode: input.mode,
    ...(input.shard ? { shard: { current: input.shard.current, total: input.shard.total } } : {}),
    totals: { runs: input.runs.length, passed, failed: input.runs.length - passed },
    runs: input.runs.map(({ history, ...run }) => ({ ...run, history: { events: history.events } })),
  });
}
