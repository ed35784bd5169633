/**
 * Validation of fault rules written by people (scenario files, admin requests).
 * Every issue names its path inside the input and what was expected, e.g.
 * `faults[2].action.status: expected a number between 200 and 599, got 700`.
 */
import { z } from 'zod';
import { describeValue } from '../errors.ts';
import { durationSchema } from '../clock/duration.ts';
import { HTTP_METHODS, ROUTE_GROUPS, type ParsedFaultRule, type RouteGroup } from './types.ts';

/** A delay holds a real request open; longer than this and tests look hung. */
export const MAX_DELAY_MS = 60_000;
/** A hang may hold a connection for up to an hour (of real time at time scale 1). */
export const MAX_HANG_MS = 3_600_000;

export interface FaultRuleIssue {
  path: string;
  message: string;
}

export class FaultRuleError extends Error {
  readonly code = 'INVALID_FAULT_RULE';
  readonly issues: FaultRuleIssue[];

  constructor(issues: FaultRuleIssue[]) {
    super(`invalid fault rule: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
    this.name = 'FaultRuleError';
    this.issues = issues;
  }
}

/** An error message for a value that is missing or not `what`. */
export function expected(what: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `missing; expected ${what}` : `expected ${what}, got ${describeValue(issue.input)}`;
}

export function intBetween(min: number, max: number, what = `an integer between ${min} and ${max}`) {
  const error = expected(what);
  // A number too big to be a safe integer would fail both checks with one message: the first failure is enough.
  return z.number({ error }).int({ error, abort: true }).min(min, { error }).max(max, { error });
}

const nonNegativeInt = intBetween(0, Number.MAX_SAFE_INTEGER, 'a non-negative integer');
const nonEmptyString = z.string({ error: expected('a non-empty string') }).min(1, { error: expected('a non-empty string') });
const oneOrMany = <T extends string>(item: z.ZodType<T>, what: string) =>
  z.union([item, z.array(item, { error: expected(what) }).min(1, { error: expected(what) })], {
    error: expected(what),
  });
const routeGroup = z.string().refine((value) => (ROUTE_GROUPS as readonly string[]).includes(value), { error: expected(`a route group (${ROUTE_GROUPS.join(', ')})`) }) as unknown as z.ZodType<RouteGroup>;
const httpMethod = z.string().refine((value) => (HTTP_METHODS as readonly string[]).includes(value.toUpperCase()), { error: expected(`an HTTP method (${HTTP_METHODS.join(', ')})`) });

/** RFC 9110 §5.1: a field name is a token. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What Node lets through as a field value: no CR, LF or other control characters than tab. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Headers that frame the message: set by the IdP's HTTP stack, and a wrong one breaks the connection rather than the client. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'trailer']);
const headerName = z.string().regex(HEADER_NAME, { error: (issue) => `expected a header name (letters, digits and !#$%&'*+.^_\`|~-), got ${describeValue(issue.input)}` }).refine((name) => !FRAMING_HEADERS.has(name.toLowerCase()), {
  error: (issue) => `expected a header the IdP does not set itself; ${describeValue(issue.input)} frames the message`,
});
const headerValue = z.string({ error: expected('a string header value') }).regex(HEADER_VALUE, { error: expected('a header value without line breaks or control characters') });
/** IMF-fixdate and the other forms RFC 9110 §5.6.7 lets a Retry-After date take, as Date.parse reads them. */
const httpDate = nonEmptyString.refine((value) => /^\d+$/.test(value) || (/[a-z]/i.test(value) && !Number.isNaN(Date.parse(value))), {
  error: expected('seconds (a non-negative integer) or an HTTP date such as "Wed, 21 Oct 2026 07:28:00 GMT"'),
});

/** A strict object whose unknown keys are reported with the keys it does accept. */
function strictObject<Shape extends z.ZodRawShape>(shape: Shape, what: string) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `unknown key; expected one of ${known}` : expected(what)(issue),
  });
}

/** Durations may be written 900, "900ms", "30s" or "15m"; they come out in ms. */
function duration(what: string) {
  return z.union([z.number(), z.string()], { error: expected(`${what} such as 900, "900ms", "30s" or "15m"`) }).pipe(durationSchema);
}

const pathPattern = /^(\*|\/[^*]*\*?)$/;

const matchSchema = strictObject(
  {
    group: oneOrMany(routeGroup, 'a route group or a non-empty list of them').optional(),
    path: z
      .string({ error: expected('a path such as "/api/me", or a prefix ending in * such as "/api/notes*"') })
      .regex(pathPattern, { error: expected('a path such as "/api/me", or a prefix ending in * such as "/api/notes*"') })
      .optional(),
    method: oneOrMany(httpMethod, 'an HTTP method or a non-empty list of them').optional(),
    client: nonEmptyString.optional(),
  },
  'a match object such as { "group": "token", "method": "POST" }',
);

const actionSchema = z.discriminatedUnion(
  'type',
  [
    strictObject(
      {
        type: z.literal('status'),
        // 1xx are interim responses, not answers a client could act on.
        status: intBetween(200, 599, 'a number between 200 and 599'),
        body: z.unknown().optional(),
        headers: z
          .record(headerName, headerValue, {
            // A bad name is reported as the record's `invalid_key` issue: its own message says what was wrong.
            error: (issue) => (issue.code === 'invalid_key' ? issue.issues[0]?.message : expected('an object of header names to strings')(issue)),
          })
          .optional(),
        // A malformed Retry-After on purpose goes in `headers`; this field promises one a client should honour.
        retryAfter: z
          .union([nonNegativeInt, httpDate], { error: expected('seconds (a non-negative integer) or an HTTP date such as "Wed, 21 Oct 2026 07:28:00 GMT"') })
          .optional(),
      },
      'a status action such as { "type": "status", "status": 503 }',
    ),
    strictObject(
      {
        type: z.literal('delay'),
        ms: duration('a delay').pipe(z.number().max(MAX_DELAY_MS, { error: expected(`a delay of at most ${MAX_DELAY_MS} ms of real time`) })),
      },
      'a delay action such as { "type": "delay", "ms": "2s" }',
    ),
    strictObject(
      {
        type: z.literal('hang'),
        // How long the connection is held before it is closed unanswered; long enough to outlast any client without a deadline.
        ms: duration('how long to hold').pipe(z.number().positive({ error: expected('a hold longer than 0 ms') }).max(MAX_HANG_MS, { error: expected(`a hold of at most ${MAX_HANG_MS} ms`) })).optional(),
      },
      '{ "type": "hang" } or { "type": "hang", "ms": "10m" }',
    ),
    ...(['reset', 'blackhole', 'truncate', 'malformed'] as const).map((type) =>
      strictObject({ type: z.literal(type) }, `{ "type": "${type}" }`),
    ),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? expected('one of "status", "delay", "reset", "hang", "blackhole", "truncate", "malformed"')({ input: (issue.input as { type?: unknown } | undefined)?.type })
        : expected('an action object such as { "type": "status", "status": 503 }')(issue),
  },
);

const quotaSchema = strictObject(
  {
    limit: nonNegativeInt,
    windowMs: duration('a window').pipe(z.number().positive({ error: expected('a window longer than 0 ms') })),
    per: z.enum(['client', 'global'], { error: expected('"client" or "global"') }).optional(),
  },
  'a quota such as { "limit": 5, "windowMs": "1m" }',
);

const faultRuleSchema: z.ZodType<ParsedFaultRule, unknown> = strictObject(
  {
    id: nonEmptyString.optional(),
    description: z.string({ error: expected('a string') }).optional(),
    match: matchSchema.optional(),
    action: actionSchema.optional(),
    after: nonNegativeInt.optional(),
    // Zero of either is a rule that never fires: refused, like a typo'd group, rather than accepted and silent.
    times: intBetween(1, Number.MAX_SAFE_INTEGER, 'a positive integer').optional(),
    probability: z
      .number({ error: expected('a probability above 0 and at most 1') })
      .gt(0, { error: expected('a probability above 0 and at most 1') })
      .max(1, { error: expected('a probability above 0 and at most 1') })
      .optional(),
    quota: quotaSchema.optional(),
  },
  'a fault rule object',
).superRefine(
  (rule, ctx) => {
    if (rule.action === undefined && rule.quota === undefined) {
      ctx.addIssue({ code: 'custom', path: ['action'], message: 'missing; expected an action (required unless quota is given)' });
    }
  },
  // Also run when other keys are wrong, so one pass reports every problem.
  { when: (payload) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value) },
);

/** Parses one rule; `path` names it in error messages (e.g. `faults[2]`). */
export function parseFaultRule(input: unknown, path = 'rule'): ParsedFaultRule {
  const result = faultRuleSchema.safeParse(input);
  if (!result.success) throw new FaultRuleError(toIssues(result.error.issues, path));
  return result.data;
}

/** Parses a list of rules, reporting every bad rule and duplicate ids at once. */
export function parseFaultRules(list: unknown, path = 'faults'): ParsedFaultRule[] {
  if (!Array.isArray(list)) throw new FaultRuleError([{ path, message: expected('a list of fault rules')({ input: list }) }]);
  const rules: ParsedFaultRule[] = [];
  const issues: FaultRuleIssue[] = [];
  const firstUse = new Map<string, string>();
  list.forEach((input, index) => {
    const rulePath = `${path}[${index}]`;
    try {
      const rule = parseFaultRule(input, rulePath);
      const previous = rule.id === undefined ? undefined : firstUse.get(rule.id);
      if (previous !== undefined) issues.push({ path: `${rulePath}.id`, message: `expected a unique id, "${rule.id}" is already used by ${previous}` });
      else if (rule.id !== undefined) firstUse.set(rule.id, rulePath);
      rules.push(rule);
    } catch (error) {
      if (!(error instanceof FaultRuleError)) throw error;
      issues.push(...error.issues);
    }
  });
  if (issues.length > 0) throw new FaultRuleError(issues);
  return rules;
}

function toIssues(zodIssues: readonly z.core.$ZodIssue[], base: string): FaultRuleIssue[] {
  return zodIssues.flatMap((issue) =>
    // zod reports all unknown keys of an object as one issue at the object; name each key instead.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath(base, [...issue.path, key]), message: issue.message }))
      : [{ path: formatPath(base, issue.path), message: issue.message }],
  );
}

function formatPath(base: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(name) ? `${text}.${name}` : `${text}[${JSON.stringify(name)}]`;
  }, base);
}
