/**
 * A run's history with everything that legitimately differs between two runs
 * of the same scenario and seed taken out — real and virtual times, durations,
 * random ids, token fingerprints (renamed by order of first use) — and the
 * events between two settle points compared as a set of distinct events:
 * a browser fires a burst's requests in whatever order its network stack
 * picks, and how many of them reach the IdP before a refresh lands (and so
 * meet a 401) is a matter of microseconds. What kinds of thing happened, and
 * in which stretch of the scenario, is what a seed reproduces. A wait the
 * client schedules is compared by its reason and the IdP's Retry-After, not by
 * its length: the client draws it from the time since the last failure, which
 * depends on how fast the harness played the steps (rounding it to 100 ms
 * still split runs at the boundaries). Two runs with the same seed should give the
 * same normalised history; `bench` checks it.
 */
import type { HistoryEvent } from './types.ts';

/** What happened between two settle points: the steps run, and the sorted distinct event descriptions. */
export interface NormalisedStep {
  step: string;
  events: string[];
}

/** Fields that are time, cost or identity rather than behaviour. */
const UNSTABLE = new Set(['seq', 't', 'rt', 'vt', 'durationMs', 'ms', 'delayMs', 'level', 'userId', 'time', 'pid', 'hostname', 'userData', 'idpUrl', 'eventLogPath', 'message', 'to', 'byMs']);

export function normaliseHistory(events: readonly HistoryEvent[]): NormalisedStep[] {
  const aliases = new Map<string, string>();
  const alias = (value: string) => {
    if (!aliases.has(value)) aliases.set(value, `fp#${aliases.size + 1}`);
    return aliases.get(value)!;
  };
  const steps: NormalisedStep[] = [{ step: '(launch)', events: [] }];
  for (const event of events) {
    if (event.source === 'harness') {
      if (event.type === 'settled') steps.push({ step: '', events: [] });
      else if (event.type === 'step') steps.at(-1)!.step += `${steps.at(-1)!.step ? ' ' : ''}${describeStep(event.detail)}`;
      else steps.at(-1)!.events.push(`harness ${event.type}`);
      continue;
    }
    steps.at(-1)!.events.push(describe(event, alias));
  }
  return steps.map((step) => ({ step: step.step, events: [...new Set(step.events)].sort() }));
}

function describeStep(detail: Record<string, unknown> | undefined): string {
  return JSON.stringify(detail ?? {});
}

function describe(event: Exclude<HistoryEvent, { source: 'harness' }>, alias: (value: string) => string): string {
  const stable = (value: unknown, key = ''): unknown => {
    if (typeof value === 'string') return /fp$|Fp$/.test(key) || value.startsWith('fp:') ? alias(value) : value;
    if (Array.isArray(value)) return value.map((item) => stable(item));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([field]) => !UNSTABLE.has(field))
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([field, inner]) => [field, stable(inner, field)]),
      );
    }
    return value;
  };
  return JSON.stringify(stable(event));
}

/** The first difference between two normalised histories, in words; null when they are the same. */
export function firstDifference(a: readonly NormalisedStep[], b: readonly NormalisedStep[]): string | null {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const left = a[index];
    const right = b[index];
    if (!left || !right) return `one run has ${a.length} steps, the other ${b.length}`;
    if (left.step !== right.step) return `step ${index}: ${left.step} vs ${right.step}`;
    const onlyLeft = left.events.filter((event) => !right.events.includes(event));
    const onlyRight = right.events.filter((event) => !left.events.includes(event));
    if (onlyLeft.length || onlyRight.length) {
      return `during ${left.step}: first run only ${onlyLeft.slice(0, 2).join(', ') || '(none)'}; second run only ${onlyRight.slice(0, 2).join(', ') || '(none)'}`;
    }
  }
  return null;
}
