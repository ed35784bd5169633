/**
 * Reads a results.json back — for merging shards — checking what the reports
 * rely on and naming the file and the path inside it when something is off.
 */
import { z } from 'zod';
import { formatPath } from '../harness/scenarios/load-scenario.ts';
import { RESULTS_SCHEMA_VERSION, type ResultsJson } from './json-report.ts';
import { ReportError } from './report-error.ts';

const eventRef = z.looseObject({ source: z.enum(['idp', 'client', 'harness']), seq: z.number() });
/** A history event, with what the timeline draws it from: its time, its kind and, for the IdP, its outcome. */
const historyEvent = z.discriminatedUnion('source', [
  z.looseObject({ source: z.literal('idp'), seq: z.number(), rt: z.number(), type: z.string(), outcome: z.string() }),
  z.looseObject({ source: z.literal('client'), seq: z.number(), t: z.number(), type: z.string() }),
  z.looseObject({ source: z.literal('harness'), seq: z.number(), t: z.number(), type: z.string() }),
]);
const positive = z.number().int().min(1);

/** What the reports read back; other fields pass through untouched. */
const resultsSchema = z.looseObject({
  schemaVersion: z.number().int().min(1).optional(),
  title: z.string(),
  createdAt: z.string(),
  driver: z.string(),
  mode: z.enum(['run', 'matrix']).optional(),
  shard: z.object({ current: positive, total: positive }).refine((shard) => shard.current <= shard.total, 'expected current ≤ total').optional(),
  runs: z.array(
    z.looseObject({
      scenario: z.string(),
      // What the scenario teaches: absent in files written before runs carried it.
      title: z.string().optional(),
      teaches: z.string().optional(),
      variant: z.string(),
      driver: z.string(),
      seed: z.number(),
      repeat: z.number().int().min(0).optional(),
      passed: z.boolean(),
      failures: z.array(z.string()),
      violations: z.array(z.looseObject({ invariant: z.string(), message: z.string(), events: z.array(eventRef) })),
      error: z.string().optional(),
      stepsRun: z.number(),
      durationMs: z.number(),
      history: z.looseObject({ events: z.array(historyEvent) }),
      unfinished: z.literal(true).optional(),
      traces: z.array(z.looseObject({ path: z.string(), redacted: z.boolean(), removed: z.string().optional() })).optional(),
    }),
  ),
});

/** Reads a results.json back; `file` names it in errors. */
export function parseResultsJson(text: string, file: string): ResultsJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportError('RESULTS_INVALID', `${file}: not valid JSON (${(error as Error).message})`);
  }
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  // A newer shape may mean something else by the same fields: say so, rather than merge it wrongly.
  if (typeof version === 'number' && version > RESULTS_SCHEMA_VERSION) {
    throw new ReportError('RESULTS_INVALID', `${file}: written by a newer tokenstorm (schemaVersion ${version}); this one reads schemaVersion ${RESULTS_SCHEMA_VERSION} and older`);
  }
  const result = resultsSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 3).map((issue) => `${file}: ${issue.path.length ? `${formatPath(issue.path)}: ` : ''}${issue.message}`);
    const more = result.error.issues.length - issues.length;
    throw new ReportError('RESULTS_INVALID', [...issues, ...(more > 0 ? [`${file}: … and ${more} more`] : [])].join('\n'));
  }
  // The schema checks what the reports rely on; the events themselves are the harness's own, passed through.
  const data = result.data as unknown as ResultsJson;
  const passed = data.runs.filter((run) => run.passed).length;
  return { ...data, totals: { runs: data.runs.length, passed, failed: data.runs.length - passed } };
}
