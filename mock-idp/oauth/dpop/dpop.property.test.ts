/**
 * DPoP proofs built from every combination of good and bad parts: a proof is
 * accepted exactly when every part is good, and otherwise refused as
 * `invalid_dpop_proof` — 400 at the token endpoint, 401 with a DPoP challenge
 * at the API — never a 5xx. And a bound refresh token survives any sequence of
 * refresh attempts by its holder, a thief with another key, and a client that
 * sends no proof: only the holder's rotate it, and the family stays alive.
 */
import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { CompactSign, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, useIdp } from '../../test-support.ts';
import { BACKEND, DESKTOP, form, redeemCodeWith } from '../oauth-test-support.ts';
import { dpopKey } from './dpop-test-support.ts';

/** Each part of a proof: index 0 is the good choice, the rest are ways to get it wrong. */
interface ProofChoice {
  typ: number;
  alg: number;
  jwk: number;
  htm: number;
  htu: number;
  iat: number;
  jti: number;
  ath: number;
  signature: number;
}

const CHOICES: Record<keyof ProofChoice, number> = { typ: 4, alg: 4, jwk: 5, htm: 4, htu: 4, iat: 6, jti: 4, ath: 3, signature: 3 };

const choiceArb: fc.Arbitrary<ProofChoice> = fc.record(
  Object.fromEntries(Object.entries(CHOICES).map(([part, count]) => [part, fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: count - 1 }) })])) as Record<keyof ProofChoice, fc.Arbitrary<number>>,
);

const allGood = (choice: ProofChoice) => Object.values(choice).every((value) => value === 0);

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

interface ProofTarget {
  method: string;
  url: string;
  accessToken?: string;
  nowSeconds: number;
}

async function buildProof(choice: ProofChoice, key: { privateKey: CryptoKey; publicJwk: JWK; privateJwk: JWK }, target: ProofTarget): Promise<string> {
  const typ = ['dpop+jwt', 'JWT', undefined, 42][choice.typ];
  const alg = ['ES256', 'HS256', 'none', undefined][choice.alg];
  const jwk = [key.publicJwk, key.privateJwk, {}, 'a key', undefined][choice.jwk];
  const header = Object.fromEntries(Object.entries({ typ, alg, jwk }).filter(([, value]) => value !== undefined));
  const claims = Object.fromEntries(Object.entries({
    htm: [target.method, target.method === 'GET' ? 'POST' : 'GET', '', 7][choice.htm],
    htu: [target.url, `${target.url}/elsewhere`, 'not a url', undefined][choice.htu],
    iat: [target.nowSeconds, target.nowSeconds - 3_600, target.nowSeconds + 3_600, '1700000000', undefined, 1e300][choice.iat],
    jti: [randomUUID(), '', 'x'.repeat(300), 7][choice.jti],
    ath: target.accessToken === undefined ? undefined : [createHash('sha256').update(target.accessToken).digest('base64url'), 'not-the-hash', undefined][choice.ath],
  }).filter(([, value]) => value !== undefined));
  const payload = new TextEncoder().encode(JSON.stringify(claims));
  let signed: string | undefined;
  if (choice.signature !== 2 && alg === 'ES256') {
    // Only an ES256 header can be signed by the ES256 key; jose may refuse odd headers (a string jwk): then it is unsigned.
    signed = await new CompactSign(payload).setProtectedHeader(header as { alg: string }).sign(key.privateKey).catch(() => undefined);
  }
  const [head, body] = [b64(header), Buffer.from(payload).toString('base64url')];
  if (!signed) return `${head}.${body}.${choice.signature === 2 ? '' : 'c2lnbmF0dXJl'}`;
  // signature 1: a real signature of other claims.
  return choice.signature === 1 ? `${head}.${body}.${(await new CompactSign(new TextEncoder().encode('{}')).setProtectedHeader(header as { alg: string }).sign(key.privateKey)).split('.')[2]}` : signed;
}

describe('DPoP proofs, part by part (property)', () => {
  const ctx = useIdp();
  let key: { privateKey: CryptoKey; publicJwk: JWK; privateJwk: JWK };
  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    key = { privateKey: pair.privateKey, publicJwk: await exportJWK(pair.publicKey), privateJwk: await exportJWK(pair.privateKey) };
  });

  it('the token endpoint accepts a proof exactly when every part is good, and names the refusal invalid_dpop_proof (400)', async () => {
    await fc.assert(
      fc.asyncProperty(choiceArb, async (choice) => {
        const nowSeconds = Math.floor(ctx.idp.admin.clock.now() / 1000);
        const proof = await buildProof({ ...choice, ath: 0 }, key, { method: 'POST', url: `${ctx.idp.url}/oauth/token`, nowSeconds });
        const response = await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials' }, { basic: [BACKEND.id, BACKEND.secret], headers: { dpop: proof } });
        if (allGood({ ...choice, ath: 0 })) {
          expect(response.status, JSON.stringify(response.body)).toBe(200);
          expect(response.body.token_type).toBe('DPoP');
        } else {
          expect(response.status, JSON.stringify({ choice, body: response.body })).toBe(400);
          expect(response.body.error).toBe('invalid_dpop_proof');
        }
      }),
      { numRuns: 150, seed: 9449 },
    );
  });

  it('the API accepts a proof exactly when every part (ath too) is good; a refusal is a 401 with a DPoP challenge', async () => {
    const tokenProof = await buildProof({ typ: 0, alg: 0, jwk: 0, htm: 0, htu: 0, iat: 0, jti: 0, ath: 0, signature: 0 }, key, { method: 'POST', url: `${ctx.idp.url}/oauth/token`, nowSeconds: Math.floor(ctx.idp.admin.clock.now() / 1000) });
    const tokens = await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials' }, { basic: [BACKEND.id, BACKEND.secret], headers: { dpop: tokenProof } });
    const accessToken = tokens.body.access_token as string;
    await fc.assert(
      fc.asyncProperty(choiceArb, async (choice) => {
        const nowSeconds = Math.floor(ctx.idp.admin.clock.now() / 1000);
        const proof = await buildProof(choice, key, { method: 'GET', url: `${ctx.idp.url}/api/notes`, accessToken, nowSeconds });
        const response = await call(ctx.idp, 'GET', '/api/notes', { headers: { authorization: `DPoP ${accessToken}`, dpop: proof } });
        if (allGood(choice)) {
          expect(response.status, JSON.stringify(response.body)).toBe(200);
        } else {
          expect(response.status, JSON.stringify({ choice, body: response.body })).toBe(401);
          expect(response.body.error).toBe('invalid_dpop_proof');
          expect(response.headers.get('www-authenticate')).toMatch(/^DPoP realm="tokenstorm", algs="[^"]+", error="invalid_dpop_proof"/);
        }
      }),
      { numRuns: 150, seed: 7800 },
    );
  });
});

describe('a bound refresh token under attempts by its holder, a thief and a client without a proof (property)', () => {
  const ctx = useIdp();

  it('only the holder\'s refreshes rotate it; the others are refused, spend nothing and never end the family', async () => {
    const tokenUrl = () => `${ctx.idp.url}/oauth/token`;
    const clock = () => ctx.idp.admin.clock.now();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('holder', 'thief', 'no-proof'), { minLength: 1, maxLength: 8 }), async (attempts) => {
        await ctx.idp.admin.reset();
        const [holder, thief] = await Promise.all([dpopKey('ES256', clock), dpopKey('ES256', clock)]);
        // A public client's family, bound to the holder's key by the proof of its first token request.
        const first = await redeemCodeWith(ctx.idp, async () => ({ dpop: await holder.proof({ htm: 'POST', htu: tokenUrl() }) }));
        expect(first.status, JSON.stringify(first.body)).toBe(200);
        let refreshToken = first.body.refresh_token as string;
        let rotations = 0;
        for (const who of attempts) {
          const signer = who === 'holder' ? holder : who === 'thief' ? thief : undefined;
          const headers: Record<string, string> = signer ? { dpop: await signer.proof({ htm: 'POST', htu: tokenUrl() }) } : {};
          const response = await form(ctx.idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: DESKTOP }, { headers });
          if (who === 'holder') {
            expect(response.status, JSON.stringify(response.body)).toBe(200);
            refreshToken = response.body.refresh_token as string;
            rotations += 1;
          } else {
            expect(response.status).toBe(400);
            expect(response.body.error).toBe(who === 'thief' ? 'invalid_grant' : 'invalid_dpop_proof');
          }
        }
        const family = ctx.idp.admin.state().families.find((candidate) => candidate.clientId === DESKTOP)!;
        expect(family).toMatchObject({ status: 'active', dpopJkt: holder.jkt, rotations: rotations + 1 });
      }),
      { numRuns: 25, seed: 2024 },
    );
  });
});
