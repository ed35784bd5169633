/** Checks of the constraints the exported generators take: what a caller typed wrong is named, not drawn as something else. */
import { describeValue, refuseUnknownKeys } from '../../../electron-app/src/core/caller-errors.ts';

export function checkConstraintObject(constraints: unknown, where: string, known: readonly string[]): void {
  if (typeof constraints !== 'object' || constraints === null || Array.isArray(constraints)) throw new TypeError(`${where}: expected an object of constraints, got ${describeValue(constraints)}`);
  refuseUnknownKeys(constraints, known, { subject: where, noun: 'constraint', plural: 'constraints' });
}

/** `max` (and `min`, when named) are whole numbers of at least `least`, and min <= max. */
export function checkBounds<T extends object>(where: string, constraints: T, bounds: { min?: keyof T & string; max: keyof T & string; least: number }): void {
  for (const key of [bounds.min, bounds.max]) {
    if (key === undefined) continue;
    const value = constraints[key];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= bounds.least)) {
      throw new TypeError(`${where}: ${key} must be a whole number of at least ${bounds.least}, got ${describeValue(value)}`);
    }
  }
  const min = bounds.min === undefined ? undefined : (constraints[bounds.min] as number | undefined);
  const max = constraints[bounds.max] as number | undefined;
  if (min !== undefined && max !== undefined && min > max) throw new TypeError(`${where}: ${bounds.min} (${min}) is more than ${bounds.max} (${max})`);
}
