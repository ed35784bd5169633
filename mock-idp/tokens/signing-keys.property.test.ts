/**
 * The signing-key ring against a model: under any sequence of rotations (with
 * and without retiring), retirements, resets and tokens issued in between, a
 * token verifies exactly when the key that signed it is neither retired nor
 * forgotten by a reset, the JWKS is the honoured keys with the current one
 * first, and new tokens are always signed by the current key. (RSA keys take
 * a few hundred ms to make, so the property rotates among the fast algorithms;
 * the unit tests sign with every one.)
 */
import fc from 'fast-check';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAccessTokenIssuer } from './access-tokens.ts';
import { createSigningKeyRing, type SigningAlgorithm } from './signing-keys.ts';

const ISSUER = 'http://127.0.0.1:4400';
const FAST: SigningAlgorithm[] = ['ES256', 'ES384', 'EdDSA'];

type Op =
  | { kind: 'issue' }
  | { kind: 'rotate'; algorithm: SigningAlgorithm | undefined; retirePrevious: boolean }
  | { kind: 'retire'; pick: number }
  | { kind: 'reset'; algorithm: SigningAlgorithm };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'issue' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('rotate' as const), algorithm: fc.option(fc.constantFrom(...FAST), { nil: undefined }), retirePrevious: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retire' as const), pick: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const), algorithm: fc.constantFrom(...FAST) }) },
);

describe('signing keys (model)', () => {
  it('a token verifies exactly while its key is honoured; the JWKS is the honoured keys, current first', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FAST), fc.array(op, { minLength: 1, maxLength: 12 }), async (start, ops) => {
        const clock = { now: () => Date.UTC(2030, 0, 1) };
        const keys = await createSigningKeyRing({ clock, algorithm: start });
        const issuer = createAccessTokenIssuer({ clock, issuer: () => ISSUER, keys });
        // The model: kids in the order made, which are honoured, which is current.
        let honoured = [keys.current().kid];
        let current = keys.current().kid;
        const tokens: Array<{ token: string; kid: string }> = [];
        for (const step of ops) {
          if (step.kind === 'issue') {
            const { token } = await issuer.issue({ sub: 'u1', sid: 'fam_1', clientId: 'c', scope: 'openid', ttlMs: 900_000 });
            const kid = decodeProtectedHeader(token).kid!;
            expect(kid).toBe(current);
            tokens.push({ token, kid });
          } else if (step.kind === 'rotate') {
            const before = keys.current().alg;
            const { key, retired } = await keys.rotate(step);
            expect(key.alg).toBe(step.algorithm ?? before);
            expect(retired).toEqual(step.retirePrevious ? honoured : []);
            honoured = step.retirePrevious ? [key.kid] : [...honoured, key.kid];
            current = key.kid;
          } else if (step.kind === 'retire') {
            const listed = keys.list();
            const kid = listed[step.pick % listed.length]!.kid;
            const expected = honoured.includes(kid) && kid !== current;
            expect(keys.retire(kid)).toBe(expected);
            if (expected) honoured = honoured.filter((candidate) => candidate !== kid);
          } else {
            await keys.reset(step.algorithm);
            current = keys.current().kid;
            expect(keys.current().alg).toBe(step.algorithm);
            honoured = [current];
          }
          expect(keys.published().map((key) => key.kid)).toEqual([current, ...honoured.filter((kid) => kid !== current).reverse()]);
          for (const { token, kid } of tokens) {
            const verified = await issuer.verify(token).then(() => true, () => false);
            expect(verified, `token signed by ${kid}`).toBe(honoured.includes(kid));
          }
        }
      }),
      { numRuns: 60, seed: 7517 },
    );
  });
});
