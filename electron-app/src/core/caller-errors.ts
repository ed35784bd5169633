/**
 * How the core words the TypeError it throws at a caller's mistake: the value as
 * a person wrote it, and an unknown or missing key named with the ones it takes.
 * (mock-idp/errors.ts has its own `describeValue`: neither side may import the other.)
 */

/** A value shown in an error message: JSON for strings, NaN and Infinity by name, the kind for objects. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

/** What an error message calls the object and its keys: `retry policy` has `field`s. */
export interface KeyWords {
  readonly subject: string;
  readonly noun: string;
  readonly plural: string;
}

/** Throws a TypeError for the first key of `value` not in `known` (and not set to undefined: harmless), listing the known ones. */
export function refuseUnknownKeys(value: object, known: readonly string[], words: KeyWords): void {
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined && !known.includes(key)) throw new TypeError(`${words.subject} has no ${words.noun} ${key}; its ${words.plural} are ${known.join(', ')}`);
  }
}

/**
 * Checks an object that must name every one of `fields` (the retry policy, the
 * switches): a missing field would otherwise read as `undefined` — no deadline,
 * a correction off — far from here. To change a few, a caller spreads `defaults`.
 */
export function checkCompleteRecord(value: unknown, fields: readonly string[], spec: KeyWords & { defaults: string; expected: string; accepts(field: unknown): boolean }): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${spec.subject}: expected an object like ${spec.defaults}, got ${describeValue(value)}`);
  }
  refuseUnknownKeys(value, fields, spec);
  for (const key of fields) {
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined) throw new TypeError(`${spec.subject} ${key} is missing; to change some ${spec.plural} only, spread ${spec.defaults} first`);
    if (!spec.accepts(field)) throw new TypeError(`${spec.subject} ${key} must be ${spec.expected}, got ${describeValue(field)}`);
  }
}
