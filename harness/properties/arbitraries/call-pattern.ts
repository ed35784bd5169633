/** Generator of concurrent call patterns: windows, who calls what and when, startup, sign-out. */
import fc from 'fast-check';
import { describeValue } from '../../../electron-app/src/core/caller-errors.ts';
import { checkBounds, checkConstraintObject } from './constraints.ts';

export interface PlannedCall {
  readonly window: number;
  readonly method: 'GET' | 'POST';
  readonly path: '/api/notes' | '/api/me';
  /** Virtual ms after the scenario starts; 0 means "right away", racing every other 0. */
  readonly startAtMs: number;
}

export interface CallPattern {
  readonly windows: number;
  /** Every window runs `initialize()` at the start (an app restart with a stored session). */
  readonly startup: boolean;
  readonly calls: readonly PlannedCall[];
  readonly signOut: { readonly window: number; readonly atMs: number } | null;
}

const ENDPOINTS = [
  { method: 'GET', path: '/api/notes' },
  { method: 'POST', path: '/api/notes' },
  { method: 'GET', path: '/api/me' },
] as const;

export type Occurrence = 'never' | 'sometimes' | 'always';

export interface CallPatternConstraints {
  readonly minWindows?: number;
  readonly maxWindows?: number;
  readonly minCalls?: number;
  readonly maxCalls?: number;
  /** Latest start of a call; 0 (default) makes every call concurrent. */
  readonly maxStartMs?: number;
  /** Instead of `maxStartMs`: calls start at one of these instants (bursts, e.g. just after each expiry). */
  readonly startTimesMs?: readonly number[];
  readonly startup?: Occurrence;
  readonly signOut?: Occurrence;
  /** Latest sign-out time; 0 (default) makes it race the calls. */
  readonly maxSignOutAtMs?: number;
}

function occurrence(value: Occurrence | undefined): fc.Arbitrary<boolean> {
  if (value === 'always') return fc.constant(true);
  if (value === 'sometimes') return fc.boolean();
  return fc.constant(false);
}

function startTime(maxMs: number): fc.Arbitrary<number> {
  // Half of the calls start together, where the races are.
  return maxMs <= 0 ? fc.constant(0) : fc.oneof(fc.constant(0), fc.integer({ min: 0, max: maxMs }));
}

const OCCURRENCES: readonly Occurrence[] = ['never', 'sometimes', 'always'];

/** A typo would otherwise draw something else: `startup: 'yes'` meant never, `maxWindows: 0` one window. */
function checkCallConstraints(constraints: CallPatternConstraints): void {
  const where = 'callPatternArb';
  checkConstraintObject(constraints, where, ['minWindows', 'maxWindows', 'minCalls', 'maxCalls', 'maxStartMs', 'startTimesMs', 'startup', 'signOut', 'maxSignOutAtMs']);
  checkBounds(where, constraints, { min: 'minWindows', max: 'maxWindows', least: 1 });
  checkBounds(where, constraints, { min: 'minCalls', max: 'maxCalls', least: 0 });
  checkBounds(where, constraints, { max: 'maxStartMs', least: 0 });
  checkBounds(where, constraints, { max: 'maxSignOutAtMs', least: 0 });
  for (const key of ['startup', 'signOut'] as const) {
    const value = constraints[key];
    if (value !== undefined && !OCCURRENCES.includes(value)) throw new TypeError(`${where}: ${key} must be one of ${OCCURRENCES.join(', ')}, got ${describeValue(value)}`);
  }
  const times = constraints.startTimesMs;
  if (times !== undefined && (!Array.isArray(times) || times.some((time) => !Number.isInteger(time) || time < 0))) {
    throw new TypeError(`${where}: startTimesMs must be a list of whole milliseconds (0 or more), got ${describeValue(times)}`);
  }
}

export function callPatternArb(constraints: CallPatternConstraints = {}): fc.Arbitrary<CallPattern> {
  checkCallConstraints(constraints);
  const minWindows = constraints.minWindows ?? 1;
  const maxWindows = Math.max(minWindows, constraints.maxWindows ?? minWindows);
  const call = fc.record({
    window: fc.nat({ max: maxWindows - 1 }),
    // The protected API of the recipe's IdP: GET/POST /api/notes, GET /api/me.
    endpoint: fc.constantFrom(...ENDPOINTS),
    startAtMs: constraints.startTimesMs !== undefined && constraints.startTimesMs.length > 0 ? fc.constantFrom(...constraints.startTimesMs) : startTime(constraints.maxStartMs ?? 0),
  });
  return fc
    .record({
      windows: fc.integer({ min: minWindows, max: maxWindows }),
      startup: occurrence(constraints.startup),
      calls: fc.array(call, { minLength: constraints.minCalls ?? 1, maxLength: constraints.maxCalls ?? 5 }),
      signOut: occurrence(constraints.signOut),
      signOutWindow: fc.nat({ max: maxWindows - 1 }),
      signOutAtMs: startTime(constraints.maxSignOutAtMs ?? 0),
    })
    .map(({ windows, startup, calls, signOut, signOutWindow, signOutAtMs }) => ({
      windows,
      startup,
      calls: calls.map(({ window, endpoint, startAtMs }) => ({ window: window % windows, method: endpoint.method, path: endpoint.path, startAtMs })),
      signOut: signOut ? { window: signOutWindow % windows, atMs: signOutAtMs } : null,
    }));
}
