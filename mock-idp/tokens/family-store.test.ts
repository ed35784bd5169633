import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IdpError } from '../errors.ts';
import { createFamilyStore, type FamilyStore } from './family-store.ts';
import { resolveRotationPolicy, type RotationPolicy } from './rotation-policy.ts';

const DAY = 86_400_000;

function setup(policy: RotationPolicy, limits = { refreshTokenTtl: 30 * DAY, sessionIdleTimeout: 0, sessionAbsoluteLifetime: 0 }) {
  const clock = { t: 1_000_000, now() { return this.t; } };
  const store = createFamilyStore({ clock, policy: () => policy, limits: () => limits });
  const family = store.adopt({ sessionToken: 'session-0', userId: 'u1' });
  return { clock, store, family };
}

function rotateOk(store: FamilyStore, token: string): string {
  const outcome = store.rotate(token);
  if (!outcome.ok) throw new Error(`expected rotation to succeed, got ${outcome.error.code}`);
  return outcome.refreshToken;
}

describe('family store', () => {
  it('supersedes the presented token and issues the next generation', () => {
    const { store, family } = setup(resolveRotationPolicy({ preset: 'strict' }));
    const outcome = store.rotate('session-0');
    expect(outcome.ok && outcome.issued.generation).toBe(1);
    expect(family.rotations).toBe(1);
    expect(store.findByToken('session-0')?.record.status).toBe('superseded');
  });

  it('grants no reuse under a zero leeway, even in the same millisecond as the rotation (auth0 leeway 0)', () => {
    const { store, family } = setup(resolveRotationPolicy({ preset: 'auth0' }));
    rotateOk(store, 'session-0');
    const reused = store.rotate('session-0');
    expect(!reused.ok && reused.error.code).toBe('REFRESH_TOKEN_REUSED');
    expect(family.status).toBe('revoked');
  });

  it('assigns a family to an OAuth client with its granted scope', () => {
    const { store, family } = setup(resolveRotationPolicy({ preset: 'strict' }));
    expect(store.assign(family.id, { clientId: 'desktop', scope: 'openid notes:read' })).toMatchObject({ clientId: 'desktop', scope: 'openid notes:read' });
    expect(store.assign('fam_missing', { clientId: 'x', scope: '' })).toBeUndefined();
  });

  it('never keeps a raw refresh token, only hashes', () => {
    const { store } = setup(resolveRotationPolicy({ preset: 'strict' }));
    const next = rotateOk(store, 'session-0');
    const dump = JSON.stringify(store.families(), (_key, value) => (value instanceof Map ? [...value.values()] : value));
    expect(dump).not.toContain(next);
  });

  it('remembers at most its capacity of refresh tokens, forgetting the oldest superseded ones first', () => {
    const clock = { t: 1_000_000, now() { return this.t; } };
    const limits = { refreshTokenTtl: 30 * DAY, sessionIdleTimeout: 0, sessionAbsoluteLifetime: 0 };
    const store = createFamilyStore({ clock, policy: () => resolveRotationPolicy({ preset: 'strict' }), limits: () => limits, capacity: 10 });
    const a = store.adopt({ sessionToken: 'session-a', userId: 'u1' });
    const b = store.adopt({ sessionToken: 'session-b', userId: 'u2' });
    let headA = 'session-a';
    const issuedA: string[] = [];
    for (let i = 0; i < 40; i += 1) issuedA.push((headA = rotateOk(store, headA)));
    // b was idle all along: its current token is still a valid credential.
    expect(store.findByToken('session-b')?.family).toBe(b);
    const refreshedB = rotateOk(store, 'session-b');
    expect(store.findByToken(refreshedB)?.family).toBe(b);
    // Each family keeps its session token (generation 0) and its current token; the rest are the newest.
    expect(store.findByToken('session-a')?.record.generation).toBe(0);
    expect(store.findByToken(headA)?.record.status).toBe('active');
    expect(a.records.size + b.records.size).toBeLessThanOrEqual(10);
    expect(a.rotations).toBe(40);
    // A forgotten token is unknown, not a reuse: the family lives on.
    const forgotten = store.rotate(issuedA[5]!);
    expect(!forgotten.ok && forgotten.error.code).toBe('REFRESH_TOKEN_UNKNOWN');
    expect(a.status).toBe('active');
    // A remembered superseded one is still caught as reuse.
    const reused = store.rotate(issuedA[37]!);
    expect(!reused.ok && reused.error.code).toBe('REFRESH_TOKEN_REUSED');
    expect(a.status).toBe('revoked');
  });

  it('remembers at most its capacity of families: the oldest is forgotten with every token it has, live or not', () => {
    const clock = { t: 1_000_000, now() { return this.t; } };
    const limits = { refreshTokenTtl: 30 * DAY, sessionIdleTimeout: 0, sessionAbsoluteLifetime: 0 };
    const forgotten: string[] = [];
    const store = createFamilyStore({ clock, policy: () => resolveRotationPolicy({ preset: 'strict' }), limits: () => limits, familyCapacity: 2, onForgotten: (family) => forgotten.push(family.id) });
    const a = store.adopt({ sessionToken: 'session-a', userId: 'u1' });
    const rotatedA = rotateOk(store, 'session-a');
    const b = store.adopt({ sessionToken: 'session-b', userId: 'u2' });
    store.revokeFamily(b.id, 'admin');
    expect(forgotten).toEqual([]);
    // A third sign-in: a, the oldest, goes though it is live, and b though it is revoked stays (age alone decides).
    const c = store.adopt({ sessionToken: 'session-c', userId: 'u3' });
    expect(forgotten).toEqual([a.id]);
    expect(store.families().map((family) => family.id)).toEqual([b.id, c.id]);
    expect(store.get(a.id)).toBeUndefined();
    for (const token of ['session-a', rotatedA]) {
      expect(store.findByToken(token)).toBeUndefined();
      const outcome = store.rotate(token);
      expect(!outcome.ok && outcome.error.code).toBe('REFRESH_TOKEN_UNKNOWN');
    }
    // The families remembered are untouched.
    expect(store.findByToken('session-b')?.family).toBe(b);
    expect(rotateOk(store, 'session-c')).toMatch(/^rt_/);
    store.adopt({ sessionToken: 'session-d', userId: 'u4' });
    expect(forgotten).toEqual([a.id, b.id]);
  });

  it('refuses an unknown token without touching any family', () => {
    const { store, family } = setup(resolveRotationPolicy({ preset: 'strict' }));
    const outcome = store.rotate('never-issued');
    expect(!outcome.ok && outcome.error.code).toBe('REFRESH_TOKEN_UNKNOWN');
    expect(family.status).toBe('active');
  });

  it('expires a refresh token by the virtual clock', () => {
    const { store, clock } = setup(resolveRotationPolicy({ preset: 'strict' }), { refreshTokenTtl: 60_000, sessionIdleTimeout: 0, sessionAbsoluteLifetime: 0 });
    const next = rotateOk(store, 'session-0');
    clock.t += 60_001;
    const outcome = store.rotate(next);
    expect(!outcome.ok && outcome.error.code).toBe('REFRESH_TOKEN_EXPIRED');
  });

  it('detects reuse of a superseded token even after it expired (RFC 9700 §4.14.2: reuse comes before expiry)', () => {
    const { store, clock, family } = setup(resolveRotationPolicy({ preset: 'strict' }), { refreshTokenTtl: 60_000, sessionIdleTimeout: 0, sessionAbsoluteLifetime: 0 });
    rotateOk(store, 'session-0');
    clock.t += 60_001;
    const outcome = store.rotate('session-0');
    expect(!outcome.ok && outcome.error.code).toBe('REFRESH_TOKEN_REUSED');
    expect(family.status).toBe('revoked');
  });

  it('grants no grace to an expired superseded token (keycloak: unlimited grace in time)', () => {
    const { store, clock, family } = setup(resolveRotationPolicy({ preset: 'keycloak', revokeRefreshToken: false }), { refreshTokenTtl: 60_000, sessionIdleTimeout: 0, sessionAbsoluteLifetime: 0 });
    rotateOk(store, 'session-0');
    expect(store.rotate('session-0').ok).toBe(true);
    clock.t += 60_001;
    const outcome = store.rotate('session-0');
    expect(!outcome.ok && outcome.error.code).toBe('REFRESH_TOKEN_REUSED');
    expect(family.status).toBe('active');
  });

  describe('a caller\'s checks (RotationChecks)', () => {
    const refusal = () => new IdpError('REFRESH_TOKEN_UNKNOWN', 'not yours');

    it('refuse runs first: a superseded token it refuses is not processed as reuse, and nothing changes', () => {
      const { store, family } = setup(resolveRotationPolicy({ preset: 'strict' }));
      rotateOk(store, 'session-0');
      const outcome = store.rotate('session-0', { refuse: refusal });
      expect(!outcome.ok && outcome.error.message).toBe('not yours');
      expect(family).toMatchObject({ status: 'active', rotations: 1 });
    });

    it('admit runs after reuse detection: a replayed token is reuse whatever admit would say', () => {
      const { store, family } = setup(resolveRotationPolicy({ preset: 'strict' }));
      rotateOk(store, 'session-0');
      let asked = 0;
      const outcome = store.rotate('session-0', { admit: () => { asked += 1; return refusal(); } });
      expect(!outcome.ok && outcome.error.code).toBe('REFRESH_TOKEN_REUSED');
      expect(asked).toBe(0);
      expect(family.status).toBe('revoked');
    });

    it('admit refusing a live token or a reuse within grace spends nothing', () => {
      const { store, family } = setup(resolveRotationPolicy({ preset: 'hydra', rotationGracePeriod: 10_000, rotationGraceReuseCount: 1 }));
      const declined = store.rotate('session-0', { admit: refusal });
      expect(declined.ok).toBe(false);
      expect(store.findByToken('session-0')?.record.status).toBe('active');
      rotateOk(store, 'session-0');
      expect(store.rotate('session-0', { admit: refusal }).ok).toBe(false);
      expect(store.findByToken('session-0')?.record.reuseCount).toBe(0);
      expect(family.rotations).toBe(1);
      expect(store.rotate('session-0').ok).toBe(true);
    });
  });

  it('ends a family after its idle timeout and after its absolute lifetime', () => {
    const idle = setup(resolveRotationPolicy({ preset: 'strict' }), { refreshTokenTtl: 30 * DAY, sessionIdleTimeout: DAY, sessionAbsoluteLifetime: 0 });
    idle.clock.t += DAY + 1;
    const idleOutcome = idle.store.rotate('session-0');
    expect(!idleOutcome.ok && idleOutcome.error.code).toBe('SESSION_EXPIRED');
    expect(idle.family.revokedReason).toBe('session-expired');

    const absolute = setup(resolveRotationPolicy({ preset: 'strict' }), { refreshTokenTtl: 30 * DAY, sessionIdleTimeout: 0, sessionAbsoluteLifetime: 2 * DAY });
    let token = 'session-0';
    for (let day = 0; day < 2; day += 1) {
      absolute.clock.t += DAY - 1;
      token = rotateOk(absolute.store, token);
    }
    absolute.clock.t += 10;
    const absoluteOutcome = absolute.store.rotate(token);
    expect(!absoluteOutcome.ok && absoluteOutcome.error.code).toBe('SESSION_EXPIRED');
  });

  describe('reuse of a superseded token (RFC 9700 §4.14.2)', () => {
    it('strict: rejects the reuse and revokes the whole family', () => {
      const { store, family } = setup(resolveRotationPolicy({ preset: 'strict' }));
      const next = rotateOk(store, 'session-0');
      const reuse = store.rotate('session-0');
      expect(!reuse.ok && reuse.error.code).toBe('REFRESH_TOKEN_REUSED');
      expect(family.status).toBe('revoked');
      const after = store.rotate(next);
      expect(!after.ok && after.error.code).toBe('REFRESH_TOKEN_REVOKED');
    });

    it('custom reject: refuses the reuse but keeps the family alive', () => {
      const { store, family } = setup(resolveRotationPolicy({ preset: 'custom', onReuse: 'reject' }));
      const next = rotateOk(store, 'session-0');
      expect(store.rotate('session-0').ok).toBe(false);
      expect(family.status).toBe('active');
      expect(store.rotate(next).ok).toBe(true);
    });

    it('auth0 leeway: the previous token may be reused within the leeway; older reuse revokes', () => {
      const { store, clock, family } = setup(resolveRotationPolicy({ preset: 'auth0', leeway: '30s' }));
      const t1 = rotateOk(store, 'session-0');
      clock.t += 10_000;
      const graced = store.rotate('session-0');
      expect(graced.ok && graced.kind).toBe('grace-reuse');
      rotateOk(store, t1);
      // session-0 is now two generations behind the head: not "previous" any more.
      const older = store.rotate('session-0');
      expect(!older.ok && older.error.code).toBe('REFRESH_TOKEN_REUSED');
      expect(family.status).toBe('revoked');
    });

    it('okta: reuse after the 30 s grace period revokes the family', () => {
      const { store, clock, family } = setup(resolveRotationPolicy({ preset: 'okta' }));
      rotateOk(store, 'session-0');
      clock.t += 29_000;
      expect(store.rotate('session-0').ok).toBe(true);
      clock.t += 2_000;
      expect(store.rotate('session-0').ok).toBe(false);
      expect(family.revokedReason).toBe('reuse-detected');
    });

    it('hydra: grace reuse is bounded by rotation_grace_reuse_count', () => {
      const { store } = setup(resolveRotationPolicy({ preset: 'hydra', rotationGracePeriod: '10s', rotationGraceReuseCount: 2 }));
      rotateOk(store, 'session-0');
      expect(store.rotate('session-0').ok).toBe(true);
      expect(store.rotate('session-0').ok).toBe(true);
      const third = store.rotate('session-0');
      expect(!third.ok && third.error.code).toBe('REFRESH_TOKEN_REUSED');
    });

    it('keycloak: refreshTokenMaxReuse reuses, then "stale token" without killing the session', () => {
      const { store, family } = setup(resolveRotationPolicy({ preset: 'keycloak', revokeRefreshToken: true, refreshTokenMaxReuse: 1 }));
      const t1 = rotateOk(store, 'session-0');
      expect(store.rotate('session-0').ok).toBe(true);
      expect(store.rotate('session-0').ok).toBe(false);
      expect(family.status).toBe('active');
      expect(store.rotate(t1).ok).toBe(true);
    });

    it('keycloak without revokeRefreshToken: old tokens stay usable', () => {
      const { store, clock } = setup(resolveRotationPolicy({ preset: 'keycloak', revokeRefreshToken: false }));
      rotateOk(store, 'session-0');
      clock.t += DAY;
      expect(store.rotate('session-0').ok).toBe(true);
      expect(store.rotate('session-0').ok).toBe(true);
    });
  });
});

// ---------------------------------------------------------------------------
// Model-based property: any interleaving of concurrent refresh / revoke /
// clock operations leaves the store agreeing with a small model of the policy.

type Op =
  | { kind: 'refresh'; pick: number }
  | { kind: 'revoke' }
  | { kind: 'advance'; ms: number };

const policyArb = fc.oneof(
  fc.constant(resolveRotationPolicy({ preset: 'strict' })),
  fc.constant(resolveRotationPolicy({ preset: 'custom', onReuse: 'reject' })),
  fc.integer({ min: 0, max: 60_000 }).map((leeway) => resolveRotationPolicy({ preset: 'auth0', leeway })),
  fc.record({ period: fc.integer({ min: 0, max: 60_000 }), count: fc.integer({ min: 0, max: 3 }) }).map(({ period, count }) =>
    resolveRotationPolicy({ preset: 'hydra', rotationGracePeriod: period, rotationGraceReuseCount: count })),
  fc.record({ revoke: fc.boolean(), reuse: fc.integer({ min: 0, max: 3 }) }).map(({ revoke, reuse }) =>
    resolveRotationPolicy({ preset: 'keycloak', revokeRefreshToken: revoke, refreshTokenMaxReuse: reuse })),
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.nat(20).map((pick) => ({ kind: 'refresh' as const, pick })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'revoke' as const }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 40_000 }).map((ms) => ({ kind: 'advance' as const, ms })) },
);

/** The model: a list of tokens with parent links; one flag for the family. */
class Model {
  tokens: Array<{ parent: number | null; supersededAt: number | null; reuses: number }> = [{ parent: null, supersededAt: null, reuses: 0 }];
  head = 0;
  revoked = false;
  constructor(readonly policy: RotationPolicy) {}

  refresh(index: number, now: number): 'ok' | 'REFRESH_TOKEN_REVOKED' | 'REFRESH_TOKEN_REUSED' {
    if (this.revoked) return 'REFRESH_TOKEN_REVOKED';
    const token = this.tokens[index]!;
    if (token.supersededAt === null) {
      token.supersededAt = now;
      return this.issue(index);
    }
    const previous = this.tokens[this.head]!.parent === index;
    const allowed = (this.policy.graceScope === 'any' || previous)
      && this.policy.graceMs > 0 && now - token.supersededAt <= this.policy.graceMs
      && token.reuses < this.policy.graceReuseCount;
    if (allowed) {
      token.reuses += 1;
      return this.issue(index);
    }
    if (this.policy.onReuse === 'revoke-family') this.revoked = true;
    return 'REFRESH_TOKEN_REUSED';
  }

  private issue(parent: number): 'ok' {
    this.tokens.push({ parent, supersededAt: null, reuses: 0 });
    this.head = this.tokens.length - 1;
    return 'ok';
  }
}

describe('family store against a model of its rotation policy', () => {
  it('agrees with the model on every outcome under any interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(policyArb, fc.array(opArb, { minLength: 1, maxLength: 30 }), fc.scheduler(), async (policy, ops, scheduler) => {
        const clock = { t: 0, now() { return this.t; } };
        const store = createFamilyStore({ clock, policy: () => policy, limits: () => ({ refreshTokenTtl: Infinity, sessionIdleTimeout: 0, sessionAbsoluteLifetime: 0 }) });
        const family = store.adopt({ sessionToken: 'rt-0', userId: 'u' });
        const model = new Model(policy);
        const issued = ['rt-0'];

        // Every operation is issued concurrently; the scheduler picks the order they land in.
        const runs = ops.map((op) =>
          scheduler.schedule(Promise.resolve(op), `${op.kind}`).then(() => {
            if (op.kind === 'advance') {
              clock.t += op.ms;
            } else if (op.kind === 'revoke') {
              store.revokeFamily(family.id, 'admin');
              model.revoked = true;
            } else {
              const index = op.pick % issued.length;
              const outcome = store.rotate(issued[index]!);
              const expected = model.refresh(index, clock.t);
              expect(outcome.ok ? 'ok' : outcome.error.code).toBe(expected);
              if (outcome.ok) issued.push(outcome.refreshToken);
            }
          }));
        await scheduler.waitAll();
        await Promise.all(runs);
        expect(family.status === 'revoked').toBe(model.revoked);
        expect(family.records.size).toBe(model.tokens.length);
      }),
      { numRuns: 300 },
    );
  });
});
