/** Generator of fault schedules: which refresh / resource requests fail and how. */
import fc from 'fast-check';
import { describeValue } from '../../../electron-app/src/core/caller-errors.ts';
import { checkBounds, checkConstraintObject } from './constraints.ts';
import {
  DEFINITIVE_REFRESH_FAULTS,
  TRANSIENT_REFRESH_FAULTS,
  type FaultSchedule,
  type RefreshFault,
  type RefreshFaultKind,
  type ResourceFault,
} from '../faults.ts';

export interface FaultScheduleConstraints {
  /** Kinds drawn for the leading refresh faults (default: the transient ones). */
  readonly refreshKinds?: readonly RefreshFaultKind[];
  readonly minRefreshFaults?: number;
  /** Default 3. */
  readonly maxRefreshFaults?: number;
  /** Let some of those requests through (`null` entries) between faults. Default false. */
  readonly interleavePasses?: boolean;
  /** When given, the schedule ends with exactly one fault of one of these kinds (e.g. the definitive ones). */
  readonly finalRefreshKinds?: readonly RefreshFaultKind[];
  /** Upper bound of generated Retry-After values. Default 120. */
  readonly maxRetryAfterSeconds?: number;
  readonly resourceKinds?: readonly ResourceFault['kind'][];
  /** Default 0. */
  readonly maxResourceFaults?: number;
}

export function refreshFaultArb(kind: RefreshFaultKind, maxRetryAfterSeconds = 120): fc.Arbitrary<RefreshFault> {
  switch (kind) {
    case 'rate-limit':
      return fc
        .option(fc.integer({ min: 0, max: maxRetryAfterSeconds }), { nil: null, freq: 4 })
        .map((retryAfterSeconds): RefreshFault => ({ kind: 'rate-limit', retryAfterSeconds }));
    case 'server-error':
      return fc.constantFrom(500 as const, 502 as const, 503 as const).map((status): RefreshFault => ({ kind: 'server-error', status }));
    default:
      return fc.constant({ kind } as RefreshFault);
  }
}

function resourceFaultArb(kind: ResourceFault['kind']): fc.Arbitrary<ResourceFault> {
  if (kind === 'server-error') return fc.constantFrom(500 as const, 503 as const).map((status): ResourceFault => ({ kind, status }));
  return fc.constant({ kind } as ResourceFault);
}

const REFRESH_FAULT_KINDS: readonly RefreshFaultKind[] = [...TRANSIENT_REFRESH_FAULTS, ...DEFINITIVE_REFRESH_FAULTS];
const RESOURCE_FAULT_KINDS: readonly ResourceFault['kind'][] = ['unauthorized', 'server-error', 'network'];

/** A typo in a kind or a bound would otherwise draw something else (an unknown kind became a network error) or nothing. */
function checkFaultConstraints(constraints: FaultScheduleConstraints): void {
  const where = 'faultScheduleArb';
  checkConstraintObject(constraints, where, ['refreshKinds', 'minRefreshFaults', 'maxRefreshFaults', 'interleavePasses', 'finalRefreshKinds', 'maxRetryAfterSeconds', 'resourceKinds', 'maxResourceFaults']);
  checkKinds(constraints.refreshKinds, REFRESH_FAULT_KINDS, `${where}: refreshKinds`);
  checkKinds(constraints.finalRefreshKinds, REFRESH_FAULT_KINDS, `${where}: finalRefreshKinds`);
  checkKinds(constraints.resourceKinds, RESOURCE_FAULT_KINDS, `${where}: resourceKinds`);
  checkBounds(where, constraints, { min: 'minRefreshFaults', max: 'maxRefreshFaults', least: 0 });
  checkBounds(where, constraints, { max: 'maxRetryAfterSeconds', least: 0 });
  checkBounds(where, constraints, { max: 'maxResourceFaults', least: 0 });
  if (constraints.interleavePasses !== undefined && typeof constraints.interleavePasses !== 'boolean') {
    throw new TypeError(`${where}: interleavePasses must be true or false, got ${describeValue(constraints.interleavePasses)}`);
  }
}

function checkKinds(kinds: readonly string[] | undefined, known: readonly string[], what: string): void {
  if (kinds === undefined) return;
  if (!Array.isArray(kinds)) throw new TypeError(`${what} must be a list of ${known.join(', ')}, got ${describeValue(kinds)}`);
  const unknown = kinds.find((kind) => !known.includes(kind));
  if (unknown !== undefined) throw new TypeError(`${what}: unknown kind ${describeValue(unknown)}; the kinds are ${known.join(', ')}`);
}

export function faultScheduleArb(constraints: FaultScheduleConstraints = {}): fc.Arbitrary<FaultSchedule> {
  checkFaultConstraints(constraints);
  const kinds = constraints.refreshKinds ?? TRANSIENT_REFRESH_FAULTS;
  const maxRetryAfter = constraints.maxRetryAfterSeconds ?? 120;
  const oneOfKinds = (list: readonly RefreshFaultKind[]) => fc.oneof(...list.map((k) => refreshFaultArb(k, maxRetryAfter)));
  const entry: fc.Arbitrary<RefreshFault | null> =
    kinds.length === 0
      ? fc.constant(null)
      : constraints.interleavePasses
        ? fc.option(oneOfKinds(kinds), { nil: null, freq: 3 })
        : oneOfKinds(kinds);
  const leading = fc.array(entry, {
    minLength: kinds.length === 0 ? 0 : (constraints.minRefreshFaults ?? 0),
    maxLength: kinds.length === 0 ? 0 : (constraints.maxRefreshFaults ?? 3),
  });
  const refresh =
    constraints.finalRefreshKinds === undefined || constraints.finalRefreshKinds.length === 0
      ? leading
      : fc.tuple(leading, oneOfKinds(constraints.finalRefreshKinds)).map(([head, last]) => [...head, last]);
  const resourceKinds = constraints.resourceKinds ?? [];
  const resource =
    resourceKinds.length === 0 || (constraints.maxResourceFaults ?? 0) === 0
      ? fc.constant([] as Array<ResourceFault | null>)
      : fc.array(fc.option(fc.oneof(...resourceKinds.map(resourceFaultArb)), { nil: null, freq: 3 }), {
          maxLength: constraints.maxResourceFaults ?? 0,
        });
  return fc.record({ refresh, resource });
}
