import { describe, expect, test } from 'vitest';
import { FaultRuleError, parseFaultRule, parseFaultRules } from './rule-schema.ts';

/** The `path: message` lines of the FaultRuleError thrown by `parse`. */
function issuesOf(parse: () => unknown): string[] {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(FaultRuleError);
    expect((error as FaultRuleError).code).toBe('INVALID_FAULT_RULE');
    return (error as FaultRuleError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error('expected the input to be rejected');
}

describe('parseFaultRule', () => {
  test('accepts a full rule and turns durations into milliseconds', () => {
    expect(
      parseFaultRule({
        id: 'slow-token',
        match: { group: ['token', 'refresh'], path: '/api/auth/*', method: 'post', client: 'desktop' },
        action: { type: 'delay', ms: '2s' },
        after: 1,
        times: 3,
        probability: 0.5,
      }),
    ).toEqual({
      id: 'slow-token',
      match: { group: ['token', 'refresh'], path: '/api/auth/*', method: 'post', client: 'desktop' },
      action: { type: 'delay', ms: 2000 },
      after: 1,
      times: 3,
      probability: 0.5,
    });
    expect(parseFaultRule({ quota: { limit: 5, windowMs: '1m' } })).toEqual({ quota: { limit: 5, windowMs: 60_000 } });
  });

  test('refuses headers Node would throw on while answering, and framing headers, naming the header', () => {
    const rule = (headers: Record<string, string>) => ({ action: { type: 'status', status: 503, headers } });
    expect(issuesOf(() => parseFaultRule(rule({ 'bad header': 'x' })))).toEqual([`rule.action.headers["bad header"]: expected a header name (letters, digits and !#$%&'*+.^_\`|~-), got "bad header"`]);
    expect(issuesOf(() => parseFaultRule(rule({ 'x-a': 'a\r\nSet-Cookie: x=1' })))).toEqual(['rule.action.headers["x-a"]: expected a header value without line breaks or control characters, got "a\\r\\nSet-Cookie: x=1"']);
    expect(issuesOf(() => parseFaultRule(rule({ 'x-a': 'caf\u00e9 \u{1F600}' })))[0]).toMatch(/^rule\.action\.headers\["x-a"\]: expected a header value without line breaks/);
    expect(issuesOf(() => parseFaultRule(rule({ 'Content-Length': '5' })))).toEqual(['rule.action.headers["Content-Length"]: expected a header the IdP does not set itself; "Content-Length" frames the message']);
    // A malformed Retry-After on purpose is a header like any other.
    expect(parseFaultRule(rule({ 'retry-after': 'soon', 'x-trace': 'caf\u00e9' })).action).toEqual({ type: 'status', status: 503, headers: { 'retry-after': 'soon', 'x-trace': 'caf\u00e9' } });
  });

  test('takes retryAfter as seconds or an HTTP date, nothing else', () => {
    for (const retryAfter of [0, 120, '120', 'Wed, 21 Oct 2026 07:28:00 GMT']) expect(parseFaultRule({ action: { type: 'status', status: 429, retryAfter } }).action).toMatchObject({ retryAfter });
    for (const retryAfter of ['not a date', '-1', '1.5', 'Wed, 32 Oct 2026 07:28:00 GMT']) {
      expect(issuesOf(() => parseFaultRule({ action: { type: 'status', status: 429, retryAfter } }))).toEqual([
        `rule.action.retryAfter: expected seconds (a non-negative integer) or an HTTP date such as "Wed, 21 Oct 2026 07:28:00 GMT", got ${JSON.stringify(retryAfter)}`,
      ]);
    }
  });

  test('matches only route groups and methods the IdP has, so a typo does not make a fault that never fires', () => {
    expect(issuesOf(() => parseFaultRule({ match: { group: 'refesh' }, action: { type: 'reset' } }))[0]).toMatch(/^rule\.match\.group: expected a route group \(auth, refresh, api, .*\), got "refesh"$/);
    expect(issuesOf(() => parseFaultRule({ match: { group: ['refresh', 'nope'] }, action: { type: 'reset' } }))[0]).toMatch(/^rule\.match\.group\[1\]: expected a route group/);
    expect(issuesOf(() => parseFaultRule({ match: { method: 'FOO' }, action: { type: 'reset' } }))).toEqual(['rule.match.method: expected an HTTP method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS), got "FOO"']);
    expect(parseFaultRule({ match: { method: ['post', 'Get'] }, action: { type: 'reset' } }).match).toEqual({ method: ['post', 'Get'] });
  });

  test('names the path of an out-of-range status and the expected range', () => {
    expect(issuesOf(() => parseFaultRule({ action: { type: 'status', status: 700 } }, 'faults[2]'))).toEqual([
      'faults[2].action.status: expected a number between 200 and 599, got 700',
    ]);
  });

  test('lists the known action types when the type is unknown or missing', () => {
    expect(issuesOf(() => parseFaultRule({ action: { type: 'explode' } }))).toEqual([
      'rule.action.type: expected one of "status", "delay", "reset", "hang", "blackhole", "truncate", "malformed", got "explode"',
    ]);
    expect(issuesOf(() => parseFaultRule({ action: { status: 500 } }))[0]).toMatch(/^rule\.action\.type: missing; expected one of "status"/);
  });

  test('reports unknown keys one by one with the keys that are accepted', () => {
    expect(issuesOf(() => parseFaultRule({ action: { type: 'reset', code: 1 }, tims: 2 }))).toEqual([
      'rule.action.code: unknown key; expected one of type',
      'rule.tims: unknown key; expected one of id, description, match, action, after, times, probability, quota',
    ]);
  });

  test('requires an action unless a quota is given, alongside other problems', () => {
    expect(issuesOf(() => parseFaultRule({ times: -1 }))).toEqual([
      'rule.times: expected a positive integer, got -1',
      'rule.action: missing; expected an action (required unless quota is given)',
    ]);
  });

  test('rejects bad durations, over-long delays and empty quota windows', () => {
    expect(issuesOf(() => parseFaultRule({ action: { type: 'delay', ms: 'soon' } }))).toEqual([
      'rule.action.ms: expected a duration such as 900, "900ms", "30s", "15m", "2h" or "7d" (at most 36500d), got "soon"',
    ]);
    expect(issuesOf(() => parseFaultRule({ action: { type: 'delay', ms: '2m' } }))).toEqual([
      'rule.action.ms: expected a delay of at most 60000 ms of real time, got 120000',
    ]);
    expect(issuesOf(() => parseFaultRule({ quota: { limit: 1.5, windowMs: 0, per: 'user' } }))).toEqual([
      'rule.quota.limit: expected a non-negative integer, got 1.5',
      'rule.quota.windowMs: expected a window longer than 0 ms, got 0',
      'rule.quota.per: expected "client" or "global", got "user"',
    ]);
  });

  test('refuses a rule that could never fire: times 0, or probability 0', () => {
    expect(issuesOf(() => parseFaultRule({ action: { type: 'reset' }, times: 0, probability: 0 }))).toEqual([
      'rule.times: expected a positive integer, got 0',
      'rule.probability: expected a probability above 0 and at most 1, got 0',
    ]);
  });

  test('rejects probabilities outside (0, 1], wrong types and malformed paths', () => {
    expect(
      issuesOf(() => parseFaultRule({ action: { type: 'hang' }, probability: 1.2, after: '3', match: { path: 'api/me', method: [] } })),
    ).toEqual([
      'rule.match.path: expected a path such as "/api/me", or a prefix ending in * such as "/api/notes*", got "api/me"',
      'rule.match.method: expected an HTTP method or a non-empty list of them, got an empty list',
      'rule.after: expected a non-negative integer, got "3"',
      'rule.probability: expected a probability above 0 and at most 1, got 1.2',
    ]);
  });

  test('quotes header names that are not identifiers', () => {
    expect(issuesOf(() => parseFaultRule({ action: { type: 'status', status: 503, headers: { 'x-why': 1 } } }))).toEqual([
      'rule.action.headers["x-why"]: expected a string header value, got 1',
    ]);
  });

  test('the error message carries every issue', () => {
    expect(() => parseFaultRule('slow', 'body')).toThrow('invalid fault rule: body: expected a fault rule object, got "slow"');
  });
});

describe('parseFaultRules', () => {
  test('names the index of each bad rule and reports them all at once', () => {
    expect(
      issuesOf(() => parseFaultRules([{ action: { type: 'reset' } }, { action: { type: 'status', status: 42 } }, {}])),
    ).toEqual([
      'faults[1].action.status: expected a number between 200 and 599, got 42',
      'faults[2].action: missing; expected an action (required unless quota is given)',
    ]);
  });

  test('rejects duplicate ids, naming the first use', () => {
    expect(
      issuesOf(() => parseFaultRules([{ id: 'a', action: { type: 'hang' } }, { id: 'a', action: { type: 'reset' } }], 'scenario.faults')),
    ).toEqual(['scenario.faults[1].id: expected a unique id, "a" is already used by scenario.faults[0]']);
  });

  test('expects a list', () => {
    expect(issuesOf(() => parseFaultRules({ action: { type: 'hang' } }))).toEqual(['faults: expected a list of fault rules, got an object']);
  });
});
