import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createVirtualClock } from '../clock/virtual-clock.ts';
import { createAccessLedger } from './access-ledger.ts';
import { createAccessTokenIssuer, generateSigningKeys } from './access-tokens.ts';
import { createFamilyStore } from './family-store.ts';
import { resolveRotationPolicy } from './rotation-policy.ts';
import { createTokenService } from './token-service.ts';

const keys = await generateSigningKeys();
const ACCESS_TTL = 60_000;

function setup(preset: 'strict' | 'okta') {
  const clock = createVirtualClock({ start: Date.UTC(2030, 0, 1), realNow: () => 0 });
  const store = createFamilyStore({
    clock,
    policy: () => resolveRotationPolicy({ preset }),
    limits: () => ({ refreshTokenTtl: 3_600_000, sessionIdleTimeout: 0, sessionAbsoluteLifetime: 0 }),
  });
  const ledger = createAccessLedger({ clock });
  const tokens = createTokenService({ clock, store, ledger, issuer: createAccessTokenIssuer({ clock, issuer: () => 'http://idp.test', keys }), accessTokenTtl: () => ACCESS_TTL });
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
});
