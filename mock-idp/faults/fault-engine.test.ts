import { describe, expect, test } from 'vitest';
import { createFaultEngine } from './fault-engine.ts';
import type { FaultDecision, RequestFacts } from './types.ts';

/** A clock that only moves when the test says so. */
function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const token: RequestFacts = { group: 'token', path: '/oauth/token', method: 'POST', clientId: 'desktop' };
const me: RequestFacts = { group: 'api', path: '/api/me', method: 'GET' };
const unavailable = { type: 'status', status: 503 } as const;

const ruleIds = (decisions: Array<FaultDecision | null>) => decisions.map((decision) => decision?.ruleId ?? null);

describe('fault engine: rule order and counters', () => {
  test('decides nothing without rules', () => {
    const engine = createFaultEngine({ clock: fakeClock(), seed: 1 });
    expect(engine.hasRules()).toBe(false);
    expect(engine.decide(token)).toBeNull();
  });

  test('the first matching rule that fires wins, and later rules never see the request', () => {
    const engine = createFaultEngine({ clock: fakeClock(), seed: 1 });
    engine.add({ id: 'first', match: { group: 'token' }, action: { type: 'reset' }, times: 1 });
    engine.add({ id: 'second', match: { group: 'token' }, action: unavailable });
    expect(ruleIds([engine.decide(token), engine.decide(token)])).toEqual(['first', 'second']);
    expect(engine.list().map(({ id, seen, applied }) => ({ id, seen, applied }))).toEqual([
      { id: 'first', seen: 2, applied: 1 },
      { id: 'second', seen: 1, applied: 1 },
    ]);
  });

  test('after skips the first matching requests, times caps the applications', () => {
    const engine = createFaultEngine({ clock: fakeClock(), seed: 1 });
    engine.add({ id: 'third-and-fourth', action: { type: 'hang' }, after: 2, times: 2 });
    const decisions = Array.from({ length: 6 }, () => engine.decide(token));
    expect(ruleIds(decisions)).toEqual([null, null, 'third-and-fourth', 'third-and-fourth', null, null]);
    expect(engine.list()[0]).toMatchObject({ seen: 6, applied: 2, times: 2 });
  });

  test('assigns f1, f2… to rules without ids, skipping ids already taken', () => {
    const engine = createFaultEngine({ clock: fakeClock(), seed: 1 });
    engine.add({ id: 'f2', action: unavailable });
    expect(engine.add({ action: unavailable }).id).toBe('f1');
    expect(engine.add({ action: unavailable }).id).toBe('f3');
  });

  test('rejects a duplicate id and an invalid rule with a TypeError naming the problem', () => {
    const engine = createFaultEngine({ clock: fakeClock(), seed: 1 });
    engine.add({ id: 'x', action: unavailable });
    expect(() => engine.add({ id: 'x', action: { type: 'reset' } })).toThrow(new TypeError('a fault rule with id "x" already exists'));
    expect(() => engine.add({ action: { type: 'status', status: 42 } })).toThrow(TypeError);
    expect(() => engine.add({ action: { type: 'status', status: 42 } })).toThrow('rule.action.status: expected a number between 200 and 599');
  });

  test('list returns snapshots of the counters, remove and clear drop rules', () => {
    const engine = createFaultEngine({ clock: fakeClock(), seed: 1 });
    engine.add({ id: 'a', action: unavailable });
    engine.add({ id: 'b', action: { type: 'reset' } });
    expect(engine.hasRules()).toBe(true);
    const before = engine.list();
    engine.decide(token);
    expect(before[0]!.applied).toBe(0);
    expect(engine.remove('a')).toBe(true);
    expect(engine.remove('a')).toBe(false);
    expect(engine.decide(token)?.ruleId).toBe('b');
    engine.clear();
    expect(engine.list()).toEqual([]);
    expect(engine.hasRules()).toBe(false);
    expect(engine.decide(token)).toBeNull();
  });
});

describe('fault engine: matching', () => {
  const cases: Array<{ name: string; match: object; hits: RequestFacts[]; misses: RequestFacts[] }> = [
    { name: 'a group', match: { group: 'token' }, hits: [token], misses: [me] },
    { name: 'any of several groups', match: { group: ['api', 'token'] }, hits: [token, me], misses: [{ ...me, group: 'admin' }] },
    { name: 'an exact path, ignoring the query', match: { path: '/api/me' }, hits: [me, { ...me, path: '/api/me?x=1' }], misses: [{ ...me, path: '/api/me/2' }] },
    {
      name: 'a path prefix',
      match: { path: '/api/notes*' },
      hits: [{ ...me, path: '/api/notes' }, { ...me, path: '/api/notes/7' }],
      misses: [me, { ...me, path: '/api/note' }],
    },
    { name: 'a method, case-insensitively', match: { method: 'post' }, hits: [token], misses: [me] },
    { name: 'any of several methods', match: { method: ['GET', 'DELETE'] }, hits: [me, { ...me, method: 'delete' }], misses: [token] },
    { name: 'a client id', match: { client: 'desktop' }, hits: [token], misses: [me, { ...token, clientId: 'cli' }] },
    { name: 'every criterion at once', match: { group: 'token', method: 'POST', client: 'desktop', path: '/oauth/*' }, hits: [token], misses: [{ ...token, method: 'GET' }] },
  ];

  test.each(cases)('selects requests by $name', ({ match, hits, misses }) => {
    const engine = createFaultEngine({ clock: fakeClock(), seed: 1 });
    engine.add({ match, action: unavailable });
    for (const facts of hits) expect(engine.decide(facts), JSON.stringify(facts)).not.toBeNull();
    for (const facts of misses) expect(engine.decide(facts), JSON.stringify(facts)).toBeNull();
  });
});

describe('fault engine: seeded probability', () => {
  /** 200 requests alternating between two groups; only `token` requests match the rule. */
  function run(seed: number, extraRules: (engine: ReturnType<typeof createFaultEngine>) => void = () => {}) {
    const engine = createFaultEngine({ clock: fakeClock(), seed });
    extraRules(engine);
    engine.add({ id: 'flaky', match: { group: 'token' }, action: unavailable, probability: 0.3 });
    return Array.from({ length: 200 }, (_, i) => engine.decide(i % 2 === 0 ? token : me)).filter((_, i) => i % 2 === 0);
  }

  test('the same seed gives the same decisions over 200 requests', () => {
    expect(ruleIds(run(42))).toEqual(ruleIds(run(42)));
  });

  test('a different seed gives different decisions', () => {
    expect(ruleIds(run(42))).not.toEqual(ruleIds(run(43)));
  });

  test('fires about as often as the probability says', () => {
    const fired = run(42).filter(Boolean).length;
    expect(fired).toBeGreaterThan(15);
    expect(fired).toBeLessThan(45);
  });

  test('requests the rule does not match, and other rules, do not consume its draws', () => {
    const withoutNoise = createFaultEngine({ clock: fakeClock(), seed: 42 });
    withoutNoise.add({ id: 'flaky', match: { group: 'token' }, action: unavailable, probability: 0.3 });
    const alone = Array.from({ length: 100 }, () => withoutNoise.decide(token));
    const noisy = run(42, (engine) => engine.add({ id: 'other', match: { group: 'device' }, action: { type: 'reset' }, probability: 0.5 }));
    expect(ruleIds(noisy)).toEqual(ruleIds(alone));
  });

  test('reset forgets the rules and replays the same draws for the same seed', () => {
    const engine = createFaultEngine({ clock: fakeClock(), seed: 5 });
    const play = () => {
      engine.add({ match: { group: 'token' }, action: unavailable, probability: 0.5 });
      return ruleIds(Array.from({ length: 50 }, () => engine.decide(token)));
    };
    const first = play();
    engine.reset();
    expect(engine.list()).toEqual([]);
    expect(play()).toEqual(first);
    engine.reset(6);
    expect(play()).not.toEqual(first);
  });
});

describe('fault engine: quotas (a fixed-window rate limiter on the virtual clock)', () => {
  test('answers 429 over the limit with Retry-After counted down to the window end', () => {
    const clock = fakeClock();
    const engine = createFaultEngine({ clock, seed: 1 });
    engine.add({ id: 'limit', match: { group: 'token' }, quota: { limit: 2, windowMs: 60_000 } });
    expect(engine.decide(token)).toBeNull();
    clock.advance(1_000);
    expect(engine.decide(token)).toBeNull();
    expect(engine.decide(token)).toEqual({
      ruleId: 'limit',
      action: {
        type: 'status',
        status: 429,
        retryAfter: 59,
        body: { error: 'rate_limited', error_description: expect.stringContaining('more than 2 requests per 60000 ms') },
      },
    });
    clock.advance(14_500);
    expect(engine.decide(token)?.action).toMatchObject({ retryAfter: 45 });
    clock.advance(44_499);
    expect(engine.decide(token)?.action).toMatchObject({ retryAfter: 1 });
    clock.advance(1);
    expect(engine.decide(token)).toBeNull();
  });

  test('counts each client separately by default', () => {
    const engine = createFaultEngine({ clock: fakeClock(), seed: 1 });
    engine.add({ quota: { limit: 1, windowMs: 60_000 } });
    const desktop = { ...token, clientId: 'desktop' };
    const cli = { ...token, clientId: 'cli' };
    expect(ruleIds([engine.decide(desktop), engine.decide(desktop), engine.decide(cli), engine.decide(cli)])).toEqual([null, 'f1', null, 'f1']);
  });

  test('a global quota is shared by every client', () => {
    const engine = createFaultEngine({ clock: fakeClock(), seed: 1 });
    engine.add({ quota: { limit: 1, windowMs: 60_000, per: 'global' } });
    expect(ruleIds([engine.decide({ ...token, clientId: 'desktop' }), engine.decide({ ...token, clientId: 'cli' })])).toEqual([null, 'f1']);
  });

  test('an explicit action replaces the 429 and still gets a Retry-After when it is a status', () => {
    const engine = createFaultEngine({ clock: fakeClock(), seed: 1 });
    engine.add({ match: { group: 'token' }, quota: { limit: 0, windowMs: 10_000 }, action: { type: 'status', status: 503 } });
    engine.add({ id: 'offline', match: { group: 'api' }, quota: { limit: 0, windowMs: 10_000 }, action: { type: 'blackhole' } });
    expect(engine.decide(token)?.action).toEqual({ type: 'status', status: 503, retryAfter: 10 });
    expect(engine.decide(me)?.action).toEqual({ type: 'blackhole' });
  });
});
