/**
 * A chaos search as the reports hold it: every run plays one scenario name,
 * so each is named apart ("schedule 2", "shrink step 4") for the JUnit
 * testcases, the HTML and merge-reports, carries its schedule in words, and the
 * minimal failing run is marked with the command that replays it.
 */
import { basename } from 'node:path';
import { toReportedRun, type ReportedRun } from '../../reports/reported-run.ts';
import { describeSchedule } from './chaos-schedule.ts';
import { chaosRunLabel, type ChaosOutcome } from './run-chaos.ts';

export function chaosReportedRuns(outcome: ChaosOutcome): ReportedRun[] {
  const { failure } = outcome;
  return outcome.runs.map((played) => {
    const minimal = failure?.minimal === played;
    return {
      ...toReportedRun(played.run),
      label: minimal ? `${chaosRunLabel(played)}, minimal: replayed by ${basename(failure.file)}` : chaosRunLabel(played),
      schedule: describeSchedule(played.schedule),
      ...(minimal ? { replay: failure.replay } : {}),
      // A run the interruption cut short ended before it could be judged, as an interrupted test in a suite run does.
      ...(played.interrupted ? { unfinished: true as const } : {}),
    };
  });
}
