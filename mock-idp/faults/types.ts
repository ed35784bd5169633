/**
 * Public shape of fault rules. A rule matches requests (route group, path,
 * method, client) and applies one action to them, subject to `after`, `times`,
 * `probability` (seeded) and an optional quota (a real rate limiter).
 */

/** Route groups of the mock IdP: every route a fault may hit belongs to one (README, "Faults"). */
export const ROUTE_GROUPS = ['auth', 'refresh', 'api', 'discovery', 'userinfo', 'authorize', 'token', 'device', 'revoke', 'introspect', 'broker', 'telemetry', 'attester'] as const;

export type RouteGroup = (typeof ROUTE_GROUPS)[number];

/** Milliseconds, or a duration people write: "900ms", "30s", "15m", "2h", "7d". */
export type Duration = number | string;

/** Methods a fault rule may match (in any case); the IdP's routes use no others. */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export type FaultAction =
  /** Answer with this status; `retryAfter` (seconds, or an HTTP date) sets `Retry-After`. */
  | { type: 'status'; status: number; body?: unknown; headers?: Record<string, string>; retryAfter?: number | string }
  /** Hold the request `ms` real milliseconds (bounded), then handle it normally. */
  | { type: 'delay'; ms: number }
  /** Destroy the connection without a response (ECONNRESET at the client). */
  | { type: 'reset' }
  /** Never answer; the connection stays open until the client gives up or the IdP closes/resets. */
  /** `ms`: how long the connection is held before it is closed unanswered (default: the IdP's hang timeout, 30 s). */
  | { type: 'hang'; ms?: number }
  /** Offline: the connection closes before any byte of a response (the client sees a network error). */
  | { type: 'blackhole' }
  /** Handle normally but send only part of the body, then close the connection. */
  | { type: 'truncate' }
  /** Handle normally but replace the body with something that is not valid JSON (status kept). */
  | { type: 'malformed' };

/** An action as written in a rule: a delay or hold may be a duration string ("2s"); the IdP keeps it in ms. */
export type FaultActionInput =
  | Exclude<FaultAction, { type: 'delay' } | { type: 'hang' }>
  | { type: 'delay'; ms: Duration }
  | { type: 'hang'; ms?: Duration };

export interface FaultMatch {
  group?: RouteGroup | RouteGroup[];
  /** Exact path, or a prefix ending in `*` (e.g. `/api/notes*`). Query string ignored. */
  path?: string;
  method?: string | string[];
  /** Matches the request's client id (OAuth `client_id`, or the `x-tokenstorm-client` header). */
  client?: string;
}

export interface FaultQuota {
  /** Requests allowed per window; the rest get 429 with `Retry-After` until the window rolls. */
  limit: number;
  /** Window length in virtual milliseconds. */
  windowMs: number;
  /** Count per client (default) or for all matching requests together. */
  per?: 'client' | 'global';
}

/** A quota as written in a rule: its window may be a duration string ("1m"). */
export interface FaultQuotaInput extends Omit<FaultQuota, 'windowMs'> {
  windowMs: Duration;
}

/**
 * A fault rule as you write it — in code (`idp.admin.faults.add`, `createMockIdp({ faults })`), a config file
 * or `POST /__admin/faults`. Every way in is validated at run time too, with errors naming the field.
 */
export interface FaultRuleInput {
  id?: string;
  description?: string;
  match?: FaultMatch;
  /** Required unless `quota` is given (a quota's action is 429). */
  action?: FaultActionInput;
  /** Skip the first `after` matching requests. */
  after?: number;
  /** Apply at most `times` times, then the rule is spent (kept, listed as spent). */
  times?: number;
  /** Apply with this probability in [0, 1], drawn from the IdP's seeded PRNG. */
  probability?: number;
  quota?: FaultQuotaInput;
}

/** A rule once validated: durations in ms. */
export interface ParsedFaultRule extends Omit<FaultRuleInput, 'action' | 'quota'> {
  action?: FaultAction;
  quota?: FaultQuota;
}

export interface FaultRule extends Required<Pick<FaultRuleInput, 'id'>> {
  id: string;
  description?: string;
  match: FaultMatch;
  action: FaultAction;
  after: number;
  times?: number;
  probability: number;
  quota?: FaultQuota;
  /** Matching requests seen so far. */
  seen: number;
  /** Times the action was applied. */
  applied: number;
}

/** What the engine decided for one request. */
export interface FaultDecision {
  ruleId: string;
  action: FaultAction;
}

export interface RequestFacts {
  group: string;
  path: string;
  method: string;
  clientId?: string;
}
