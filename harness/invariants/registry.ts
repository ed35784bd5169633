/** Every invariant, and one call that checks a history against all of them or a chosen few. */
import type { History } from '../history/types.ts';
import { expirySurfaced } from './expiry-surfaced.ts';
import { noRefreshReplay } from './no-refresh-replay.ts';
import { noRefreshStorm } from './no-refresh-storm.ts';
import { noTokenLeak } from './no-token-leak.ts';
import { refreshFirstOnStartup } from './refresh-first-on-startup.ts';
import { retryDiscipline } from './retry-discipline.ts';
import { revocationHonoured } from './revocation-honoured.ts';
import { signOutComplete } from './sign-out-complete.ts';
import { singleFlight } from './single-flight.ts';
import { tokensKeptOnTransientFailure } from './tokens-kept-on-transient-failure.ts';
import { DEFAULT_INVARIANT_OPTIONS, type Invariant, type InvariantOptions, type Violation } from './types.ts';

export const INVARIANTS: readonly Invariant[] = Object.freeze([
  singleFlight,
  noRefreshReplay,
  tokensKeptOnTransientFailure,
  retryDiscipline,
  noRefreshStorm,
  refreshFirstOnStartup,
  expirySurfaced,
  revocationHonoured,
  signOutComplete,
  noTokenLeak,
]);

export interface CheckResult {
  /** Ids of the checked invariants that held. */
  passed: string[];
  violations: Violation[];
}

export function checkInvariants(history: History, { only, options = {} }: { only?: readonly string[]; options?: Partial<InvariantOptions> } = {}): CheckResult {
  if (only !== undefined) {
    const unknown = only.filter((id) => !INVARIANTS.some((invariant) => invariant.id === id));
    if (unknown.length > 0) throw new TypeError(`unknown invariant(s) ${unknown.join(', ')}; expected some of ${INVARIANTS.map((invariant) => invariant.id).join(', ')}`);
  }
  const resolved: InvariantOptions = { ...DEFAULT_INVARIANT_OPTIONS, ...options };
  const selected = only === undefined ? INVARIANTS : INVARIANTS.filter((invariant) => only.includes(invariant.id));
  const passed: string[] = [];
  const violations: Violation[] = [];
  for (const invariant of selected) {
    const found = invariant.check(history, resolved);
    if (found.length === 0) passed.push(invariant.id);
    else violations.push(...found);
  }
  return { passed, violations };
}
