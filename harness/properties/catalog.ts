/** The nine properties, numbered as in the issue, in one list. */
import { describeValue } from '../../electron-app/src/core/caller-errors.ts';
import type { PropertyOptions, ScenarioProperty } from './define-property.ts';
import { definitiveFailureProperty } from './definitive-failure.property.ts';
import { livenessProperty } from './liveness.property.ts';
import { multiWindowProperty } from './multi-window.property.ts';
import { retryDisciplineProperty } from './retry-discipline.property.ts';
import { rotationProperty } from './rotation.property.ts';
import { signOutProperty } from './sign-out.property.ts';
import { singleFlightProperty } from './single-flight.property.ts';
import { stale401Property } from './stale-401.property.ts';
import { transientFailuresProperty } from './transient-failures.property.ts';
import type { ClientUnderTest } from './types.ts';

export type PropertyId = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export interface PropertyEntry {
  readonly id: PropertyId;
  readonly key: string;
  readonly title: string;
  readonly build: (cut: ClientUnderTest, options?: PropertyOptions) => ScenarioProperty;
}

export const PROPERTIES: readonly PropertyEntry[] = Object.freeze([
  { id: 1, key: 'single-flight', title: 'concurrent callers on an expired token cause exactly one refresh and all get the new token', build: singleFlightProperty },
  { id: 2, key: 'stale-401', title: 'a 401 for a superseded token does not start another refresh', build: stale401Property },
  { id: 3, key: 'transient-failures', title: 'transient refresh failures never clear tokens; after recovery the next call succeeds', build: transientFailuresProperty },
  { id: 4, key: 'definitive-failure', title: 'a definitive refresh failure clears tokens once, sets expired, rejects every caller', build: definitiveFailureProperty },
  { id: 5, key: 'retry-discipline', title: 'Retry-After, growing backoff, bounded attempts, refresh budget per minute', build: retryDisciplineProperty },
  { id: 6, key: 'rotation', title: 'the stored refresh token is the newest; none is presented twice', build: rotationProperty },
  { id: 7, key: 'multi-window', title: 'several windows sharing one store cause one refresh per expiry', build: multiWindowProperty },
  { id: 8, key: 'sign-out', title: 'sign-out during an in-flight refresh ends with no tokens stored', build: signOutProperty },
  { id: 9, key: 'liveness', title: 'every call settles within bounded virtual time', build: livenessProperty },
] satisfies PropertyEntry[]);

export function getProperty(id: PropertyId): PropertyEntry {
  const entry = PROPERTIES.find((p) => p.id === id);
  if (entry === undefined) {
    const got = typeof id === 'string' ? `the string ${describeValue(id)}` : describeValue(id);
    throw new TypeError(`getProperty: expected a property number 1..9, got ${got}`);
  }
  return entry;
}
