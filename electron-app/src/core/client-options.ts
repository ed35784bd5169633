/**
 * The options of `createRefreshCoordinator`, `createAuthClient` and
 * `createAuthApp`, checked when the client is made: a missing `fetch` or `clock`
 * would otherwise surface much later as a network error on the first call.
 */
import type { AuthClientOptions } from './auth-client.ts';
import { describeValue, refuseUnknownKeys } from './caller-errors.ts';
import type { RefreshCoordinatorOptions } from './refresh-coordinator.ts';
import { validateRetryPolicy, type RetryPolicy } from './retry-policy.ts';
import { validateSwitches, type ClientSwitches } from './variants.ts';

interface OptionRule {
  readonly required: boolean;
  /** Throws a TypeError for an unusable value: either `expected` (with `accepts`) or the option's own validator. */
  readonly check: { expected: string; accepts(value: unknown): boolean } | { validate(value: unknown): unknown };
}

const isFunction = (value: unknown) => typeof value === 'function';
const withMethods = (...names: string[]) => (value: unknown) =>
  typeof value === 'object' && value !== null && names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

const COORDINATOR_RULES: Readonly<Record<keyof RefreshCoordinatorOptions, OptionRule>> = {
  baseUrl: { required: true, check: { expected: 'the IdP\'s http(s) base URL such as "http://localhost:3000"', accepts: isHttpUrl } },
  fetch: { required: true, check: { expected: 'a fetch function (url, init) => Promise<response>', accepts: isFunction } },
  store: { required: true, check: { expected: 'a token store with get, set and clear', accepts: withMethods('get', 'set', 'clear') } },
  clock: { required: true, check: { expected: 'a clock with now, setTimeout and clearTimeout (systemClock outside tests)', accepts: withMethods('now', 'setTimeout', 'clearTimeout') } },
  random: { required: false, check: { expected: 'a function returning a number in [0, 1)', accepts: isFunction } },
  switches: { required: false, check: { validate: (value) => validateSwitches(value as ClientSwitches) } },
  policy: { required: false, check: { validate: (value) => validateRetryPolicy(value as RetryPolicy) } },
  abortOnDeadline: { required: false, check: { expected: 'true or false', accepts: (value) => typeof value === 'boolean' } },
};

const CLIENT_RULES: Readonly<Record<keyof AuthClientOptions, OptionRule>> = {
  ...COORDINATOR_RULES,
  userCache: { required: false, check: { expected: 'a user cache with load, save and clear', accepts: withMethods('load', 'save', 'clear') } },
  origin: { required: false, check: { expected: 'an origin such as "http://localhost:5173"', accepts: (value) => typeof value === 'string' } },
  coordinator: { required: false, check: { expected: 'a refresh coordinator from createRefreshCoordinator()', accepts: withMethods('refresh', 'subscribe', 'publish') } },
};

const { coordinator: _coordinator, ...APP_RULES } = CLIENT_RULES;

export function validateCoordinatorOptions(options: RefreshCoordinatorOptions): void {
  validateOptions('createRefreshCoordinator', options, COORDINATOR_RULES);
}

export function validateClientOptions(options: AuthClientOptions): void {
  validateOptions('createAuthClient', options, CLIENT_RULES);
}

export function validateAppOptions(options: Omit<AuthClientOptions, 'coordinator'>): void {
  validateOptions('createAuthApp', options, APP_RULES);
}

function validateOptions(where: string, options: unknown, rules: Readonly<Record<string, OptionRule>>): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${where}: expected options { baseUrl, fetch, store, clock, … }, got ${describeValue(options)}`);
  }
  refuseUnknownKeys(options, Object.keys(rules), { subject: where, noun: 'option', plural: 'options' });
  for (const [name, rule] of Object.entries(rules)) {
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined && !rule.required) continue;
    if ('validate' in rule.check) rule.check.validate(value);
    else if (!rule.check.accepts(value)) throw new TypeError(`${where}: ${name}: expected ${rule.check.expected}, got ${describeValue(value)}`);
  }
}
