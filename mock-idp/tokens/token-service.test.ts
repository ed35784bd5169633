import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createVirtualClock } from '../clock/virtual-clock.ts';
import { IdpError } from '../errors.ts';
import { abuseDetectionSchema, createAbuseDetector, type AbuseDetection } from './abuse-detection.ts';
import { createAccessLedger } from './access-ledger.ts';
import { createAccessTokenIssuer } from './access-tokens.ts';
import { createFamilyStore } from './family-store.ts';
import { resolveRotationPolicy } from './rotation-policy.ts';
import { createTokenService } from './token-service.ts';
import { createSigningKeyRing } from './signing-keys.ts';

const keys = await createSigningKeyRing({ clock: { now: () => 0 }, algorithm: 'ES256' });
const ACCESS_TTL = 60_000;

function setup(preset: 'strict' | 'okta', abuseDetection: Partial<AbuseDetection> = {}) {
  const clock = createVirtualClock({ start: Date.UTC(2030, 0, 1), realNow: () => 0 });
  const store = createFamilyStore({
    clock,
    policy: () => resolveRotationPolicy({ preset }),
    limits: () => ({ refreshTokenTtl: 3_600_000, sessionIdleTimeout: 0, sessionAbsoluteLifetime: 0 }),
  });
  const ledger = createAccessLedger({ clock });
  const settings = abuseDetectionSchema.parse(abuseDetection);
  const abuse = createAbuseDetector({ clock, settings: () => settings, revoke: (family) => store.revokeFamily(family.id, 'abuse-detected') });
  const tokens = createTokenService({ clock, store, ledger, issuer: createAccessTokenIssuer({ clock, issuer: () => 'http://idp.test', keys }), accessTokenTtl: () => ACCESS_TTL, abuse });
  const family = store.adopt({ sessionToken: 'session', userId: 'u1' });
  return { clock, store, ledger, tokens, family };
}

describe('token service', () => {
  it('authenticates the access token a refresh issued, until the virtual clock passes its expiry', async () => {
    const { tokens, clock } = setup('strict');
    const result = await tokens.refresh('session');
    if (!result.ok) throw result.error;
    await expect(tokens.authenticate(result.access.token)).resolves.toMatchObject({ userId: 'u1', tokenKind: 'jwt' });
    clock.advance(ACCESS_TTL);
    await expect(tokens.authenticate(result.access.token)).rejects.toMatchObject({ code: 'INVALID_TOKEN', message: 'the access token expired' });
  });

  it('refuses a superseded session token as access token with a reason that says so', async () => {
    const { tokens } = setup('strict');
    await tokens.refresh('session');
    await expect(tokens.authenticate('session')).rejects.toThrow(/rotated/);
  });
});

type Op = { kind: 'refresh'; pick: number } | { kind: 'use'; pick: number } | { kind: 'revoke' } | { kind: 'advance'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.nat(30).map((pick) => ({ kind: 'refresh' as const, pick })) },
  { weight: 4, arbitrary: fc.nat(30).map((pick) => ({ kind: 'use' as const, pick })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'revoke' as const }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 45_000 }).map((ms) => ({ kind: 'advance' as const, ms })) },
);

describe('token service under concurrent refresh / use / revoke / clock operations', () => {
  it('answers every access-token use as the model says: valid iff unexpired and its family alive', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('strict' as const, 'okta' as const), fc.array(opArb, { minLength: 1, maxLength: 25 }), fc.scheduler(), async (preset, ops, scheduler) => {
        const { clock, tokens, store, family } = setup(preset);
        const refreshTokens = ['session'];
        const accessTokens: Array<{ token: string; expSec: number }> = [];
        const runs = ops.map((op) =>
          scheduler.schedule(Promise.resolve(op), op.kind).then(async () => {
            if (op.kind === 'advance') clock.advance(op.ms);
            else if (op.kind === 'revoke') store.revokeFamily(family.id, 'admin');
            else if (op.kind === 'refresh') {
              const result = await tokens.refresh(refreshTokens[op.pick % refreshTokens.length]!);
              if (result.ok) {
                refreshTokens.push(result.refreshToken);
                accessTokens.push({ token: result.access.token, expSec: Math.floor(result.access.expiresAt / 1000) });
              }
            } else if (accessTokens.length > 0) {
              const access = accessTokens[op.pick % accessTokens.length]!;
              // Expiry is judged when the use starts; revocation when it completes (other operations may land in between).
              const unexpired = Math.floor(clock.now() / 1000) < access.expSec;
              const accepted = await tokens.authenticate(access.token).then(() => true, () => false);
              expect(accepted).toBe(unexpired && family.status === 'active');
            }
          }));
        await scheduler.waitAll();
        await Promise.all(runs);
        if (family.status === 'revoked') {
          for (const access of accessTokens) await expect(tokens.authenticate(access.token)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
        }
      }),
      { numRuns: 150 },
    );
  });

  describe('refresh-abuse detection', () => {
    /** Refreshes in a chain, each presenting the token the one before returned; answers each outcome. */
    async function chain(tokens: ReturnType<typeof setup>['tokens'], count: number, start = 'session', location?: string) {
      let presented = start;
      const outcomes: Array<Awaited<ReturnType<typeof tokens.refresh>>> = [];
      for (let i = 0; i < count; i += 1) {
        const result = await tokens.refresh(presented, undefined, { location: () => location });
        outcomes.push(result);
        if (!result.ok) break;
        presented = result.refreshToken;
      }
      return outcomes;
    }

    it('is off by default: a family may be refreshed as often as it likes', async () => {
      const { tokens } = setup('strict');
      const outcomes = await chain(tokens, 20);
      expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    });

    it('revokes the family at the refresh past the limit within the window, access tokens included', async () => {
      const { tokens, store, family } = setup('strict', { maxRefreshes: 3, window: 60_000 });
      const outcomes = await chain(tokens, 4);
      expect(outcomes.slice(0, 3).every((outcome) => outcome.ok)).toBe(true);
      const last = outcomes[3]!;
      expect(last.ok).toBe(false);
      if (last.ok) return;
      expect(last.error).toMatchObject({ code: 'REFRESH_ABUSE_DETECTED', message: expect.stringContaining('4 refreshes within 60000 ms, where the IdP allows 3') });
      expect(store.get(family.id)).toMatchObject({ status: 'revoked', revokedReason: 'abuse-detected' });
      const earlier = outcomes[2]!;
      if (!earlier.ok) throw earlier.error;
      await expect(tokens.authenticate(earlier.access.token)).rejects.toMatchObject({ code: 'INVALID_TOKEN', message: 'the session behind this access token ended' });
    });

    it('counts refreshes in a sliding window on the virtual clock', async () => {
      const { tokens, clock } = setup('strict', { maxRefreshes: 2, window: 60_000 });
      const first = await chain(tokens, 2);
      clock.advance(60_001);
      const last = first[1]!;
      if (!last.ok) throw last.error;
      // Both earlier refreshes left the window: two more are allowed, and only a third within it is refused.
      const later = await chain(tokens, 3, last.refreshToken);
      expect(later.map((outcome) => outcome.ok)).toEqual([true, true, false]);
    });

    it('revokes the family when a refresh comes from another address than the one before', async () => {
      const { tokens, store, family } = setup('strict', { newLocation: true });
      const [first] = await chain(tokens, 1, 'session', '203.0.113.7');
      if (!first?.ok) throw new Error('the first refresh failed');
      const moved = await tokens.refresh(first.refreshToken, undefined, { location: () => '198.51.100.9' });
      expect(moved.ok).toBe(false);
      if (moved.ok) return;
      expect(moved.error.message).toContain('a refresh from 198.51.100.9, where the previous one came from 203.0.113.7');
      expect(store.get(family.id)?.revokedReason).toBe('abuse-detected');
    });

    it("starts a session family from its sign-in's address, and an OAuth client's from its first token", async () => {
      const session = setup('strict', { newLocation: true });
      session.family.signedInFrom = '203.0.113.7';
      await expect(session.tokens.refresh('session', undefined, { location: () => '198.51.100.9' })).resolves.toMatchObject({ ok: false, error: { code: 'REFRESH_ABUSE_DETECTED' } });
      // A device grant's user signs in on another device: the client's first token is where its family starts.
      const oauth = setup('strict', { newLocation: true });
      oauth.family.signedInFrom = '203.0.113.7';
      oauth.family.grant = 'oauth';
      await expect(chain(oauth.tokens, 2, 'session', '198.51.100.9')).resolves.toMatchObject([{ ok: true }, { ok: true }]);
    });

    it('does not count a refresh the caller refused for what it asked', async () => {
      const { tokens } = setup('strict', { maxRefreshes: 1 });
      const refused = await tokens.refresh('session', undefined, { admit: () => new IdpError('INVALID_SCOPE', 'not that scope') });
      expect(refused.ok).toBe(false);
      await expect(chain(tokens, 1)).resolves.toMatchObject([{ ok: true }]);
    });
  });
});
