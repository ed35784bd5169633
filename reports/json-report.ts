/**
 * `results.json`: the machine-readable summary of a suite run. Every run keeps
 * its events and violations; the raw tokens the IdP issued (kept in memory for
 * leak scanning) never leave, and any token-shaped string is redacted.
 */
import type { HistoryEvent } from '../harness/history/types.ts';
import type { ScenarioRun } from '../harness/runner/run-scenario.ts';
import { redactDeep } from './redact.ts';

export interface ResultsJsonInput {
  title: string;
  createdAt: string;
  driver: string;
  runs: ScenarioRun[];
}

export type RunResult = Omit<ScenarioRun, 'history'> & { history: { events: HistoryEvent[] } };

export interface ResultsJson {
  title: string;
  createdAt: string;
  driver: string;
  totals: { runs: number; passed: number; failed: number };
  runs: RunResult[];
}

export function toResultsJson(input: ResultsJsonInput): ResultsJson {
  const passed = input.runs.filter((run) => run.passed).length;
  return redactDeep({
    title: input.title,
    createdAt: input.createdAt,
    driver: input.driver,
    totals: { runs: input.runs.length, passed, failed: input.runs.length - passed },
    runs: input.runs.map(({ history, ...run }) => ({ ...run, history: { events: history.events } })),
  });
}
