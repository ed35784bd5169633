/**
 * A chaos search as the reports hold it: every run plays one scenario name,
 * so each is named apart ("schedule 2", "shrink step 4") for the JUnit
 * testcases, the HTML and merge-reports, carries its schedule in words, and the
 * minimal failing run is marked with the command that replays it. Each
 * schedule's scenario has a title and `teaches` of its own (its episode count,
 * "found by …, then shrunk"), true of the minimal one only: the report heads
 * the runs with what the search as a whole teaches instead.
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
      ...chaosSearchText(played.run.variant),
      label: minimal ? `${chaosRunLabel(played)}, minimal: replayed by ${basename(failure.file)}` : chaosRunLabel(played),
      schedule: describeSchedule(played.schedule),
      ...(minimal ? { replay: failure.replay } : {}),
      ...(played.phase === 'shrink' && !minimal && !played.interrupted ? { shrinkStep: true as const } : {}),
      // A run the interruption cut short ended before it could be judged, as an interrupted test in a suite run does.
      ...(played.interrupted ? { unfinished: true as const } : {}),
    };
  });
}

/** What a chaos search teaches, above its runs in the HTML report. */
export function chaosSearchText(variant: string): { title: string; teaches: string } {
  return {
    title: `Chaos: random transient-fault schedules against ${variant}`,
    teaches:
      'Each run played one random schedule: a few episodes of a transient fault (a 429 with Retry-After, a 5xx, a dropped or hung connection, a slow, truncated or malformed answer) on the token endpoint or the API, an expired access token and a burst of calls. Every fault clears on its own, so a correct client keeps its tokens, retries politely and ends signed in. The first schedule that broke an invariant was shrunk to the smallest that still breaks it, and written out as a scenario file that replays it.',
  };
}
