/**
 * Whatever an app instance sends the attester, and whatever attestation, PoP
 * and DPoP headers come with a token request, the IdP answers with a named
 * error of the right status — never a 5xx — and issues tokens only when the
 * attestation is the attester's own, current, for this client, and proven by
 * its instance key, with the server's current challenge where one is required
 * (and wherever one is given).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, useIdp } from '../../test-support.ts';
import { DEFAULT_CLIENTS } from '../clients/client-schema.ts';
import { form } from '../oauth-test-support.ts';

const ATTESTED = 'attested-backend';
// A confidential client that attests: client_credentials needs no person, so each run is one request.
const clients = [...DEFAULT_CLIENTS, { id: ATTESTED, type: 'confidential' as const, secret: 'attested-backend-secret', grants: ['client_credentials' as const], scopes: ['notes:read'], attestation: 'required' as const }];
const BASIC = `Basic ${Buffer.from(`${ATTESTED}:attested-backend-secret`).toString('base64')}`;

/** The errors a token request of an attesting client may get, by status. */
const EXPECTED: Record<number, string[]> = { 400: ['invalid_client_attestation', 'use_fresh_attestation', 'use_attestation_challenge', 'invalid_dpop_proof', 'invalid_request'] };

/** Garbage a header can carry (printable ASCII: fetch sends no other), and JWT-shaped garbage. */
const junk = fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 60 }), fc.constant('a.b.c'), fc.constant('eyJhbGciOiJFUzI1NiJ9.e30.c2ln'));

describe('client attestation under any headers (property)', () => {
  const ctx = useIdp({ clients });
  let instance: { privateKey: CryptoKey; jwk: JWK };
  let stranger: { privateKey: CryptoKey; jwk: JWK };
  beforeAll(async () => {
    const make = async () => {
      const pair = await generateKeyPair('ES256');
      return { privateKey: pair.privateKey, jwk: await exportJWK(pair.publicKey) };
    };
    [instance, stranger] = [await make(), await make()];
  });

  it('token requests: a named 400, or tokens exactly when attestation and PoP are both good', async () => {
    const attestation = (await call(ctx.idp, 'POST', '/api/attester/attest', { body: { clientId: ATTESTED, jwk: instance.jwk } })).body.attestation as string;
    const popArb = fc.record({
      signer: fc.constantFrom('instance', 'instance', 'stranger'),
      aud: fc.constantFrom('issuer', 'issuer', 'elsewhere'),
      iatOffset: fc.constantFrom(0, 0, -600, 600),
      typ: fc.constantFrom('oauth-client-attestation-pop+jwt', 'oauth-client-attestation-pop+jwt', 'JWT'),
      challenge: fc.constantFrom('none', 'current', 'current', 'stale'),
    });
    const requestArb = fc.record({
      attestation: fc.oneof({ weight: 3, arbitrary: fc.constant<string | undefined>('good') }, { weight: 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: junk }),
      pop: fc.oneof({ weight: 3, arbitrary: popArb }, { weight: 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: junk }),
      dpop: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: junk }),
      challengeRequired: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(requestArb, async (drawn) => {
        await ctx.idp.admin.config.update({ attestation: { challenge: drawn.challengeRequired ? 'required' : 'off' } });
        const current = (await call(ctx.idp, 'POST', '/oauth/challenge')).body.attestation_challenge as string;
        const headers: Record<string, string> = { authorization: BASIC };
        if (drawn.attestation !== undefined) headers['oauth-client-attestation'] = drawn.attestation === 'good' ? attestation : drawn.attestation;
        if (typeof drawn.pop === 'string') headers['oauth-client-attestation-pop'] = drawn.pop;
        else if (drawn.pop) {
          const { signer, aud, iatOffset, typ, challenge } = drawn.pop;
          const claims = { aud: aud === 'issuer' ? ctx.idp.url : 'https://elsewhere.example', jti: randomUUID(), iat: Math.floor(ctx.idp.admin.clock.now() / 1000) + iatOffset };
          headers['oauth-client-attestation-pop'] = await new SignJWT(challenge === 'none' ? claims : { ...claims, challenge: challenge === 'current' ? current : 'a-stale-challenge' })
            .setProtectedHeader({ alg: 'ES256', typ })
            .sign((signer === 'instance' ? instance : stranger).privateKey);
        }
        if (drawn.dpop !== undefined) headers.dpop = drawn.dpop;
        const response = await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials' }, { headers });
        const pop = drawn.pop;
        const challenged = typeof pop === 'object' && (pop.challenge === 'current' || (pop.challenge === 'none' && !drawn.challengeRequired));
        const good = drawn.attestation === 'good' && typeof pop === 'object' && pop.signer === 'instance' && pop.aud === 'issuer' && pop.iatOffset === 0 && pop.typ.endsWith('pop+jwt') && challenged && drawn.dpop === undefined;
        if (good) {
          expect(response.status, JSON.stringify(response.body)).toBe(200);
        } else {
          expect(response.status, JSON.stringify({ drawn, body: response.body })).toBe(400);
          expect(EXPECTED[400]).toContain(response.body.error);
        }
      }),
      { numRuns: 120, seed: 1717 },
    );
  });

  it('the attester: any body gets an attestation or a named 4xx, never a 5xx', async () => {
    const bodyArb = fc.oneof(
      fc.record({ clientId: fc.constantFrom(ATTESTED, 'tokenstorm-desktop', 'nobody'), jwk: fc.oneof(fc.constant(instance.jwk), fc.dictionary(fc.constantFrom('kty', 'crv', 'x', 'y', 'n', 'e', 'd', 'k'), fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.constant(null)), { maxKeys: 5 }), fc.string({ unit: 'grapheme', maxLength: 20 })) }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        const response = await call(ctx.idp, 'POST', '/api/attester/attest', { body: JSON.stringify(body) });
        expect(response.status, JSON.stringify({ body, answer: response.body })).toBeLessThan(500);
        if (response.status === 200) expect(response.body.attestation).toMatch(/^ey/);
        else expect(['invalid_request', 'invalid_client', 'unauthorized_client']).toContain(response.body.error);
      }),
      { numRuns: 150, seed: 2718 },
    );
  });
});
