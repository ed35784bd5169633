/**
 * Public types of the invariant checker: an invariant judges one run's merged
 * history (harness/history/types.ts) and returns the violations it found, each
 * naming exactly the events that broke it so a report can highlight them.
 */
import type { History, HistoryEvent } from '../history/types.ts';

export interface Violation {
  /** The id of the invariant that was broken. */
  invariant: string;
  message: string;
  /** Exactly the events that broke it, in history order. */
  events: HistoryEvent[];
}

export interface InvariantOptions {
  /** No refresh storm: refreshes one client may send in any rolling window. */
  maxRefreshesPerWindow: number;
  /** No refresh storm: the rolling window, real ms. */
  stormWindowMs: number;
  /** Slack for comparing real times of the IdP and the client (same machine, different event loops). */
  timingToleranceMs: number;
  /** The least wait expected after `consecutiveFailures` (>= 1) transient refresh failures in a row. */
  minBackoffMs: (consecutiveFailures: number) => number;
}

export interface Invariant {
  id: string;
  title: string;
  /** One paragraph for educators: what the rule is and why a client must keep it. */
  description: string;
  check(history: History, options: InvariantOptions): Violation[];
}

/** Equal jitter over 1 s doubling to 30 s (the reference client's policy): the floor is half the exponential delay. */
export function equalJitterFloorMs(consecutiveFailures: number, baseMs = 1_000, capMs = 30_000): number {
  return Math.floor(Math.min(capMs, baseMs * 2 ** Math.max(0, consecutiveFailures - 1)) / 2);
}

export const DEFAULT_INVARIANT_OPTIONS: Readonly<InvariantOptions> = Object.freeze({
  maxRefreshesPerWindow: 10,
  stormWindowMs: 60_000,
  timingToleranceMs: 50,
  minBackoffMs: (failures: number) => equalJitterFloorMs(failures),
});
