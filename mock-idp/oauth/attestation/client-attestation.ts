/**
 * Client attestation (draft-ietf-oauth-attestation-based-client-auth): the
 * attester checks the device and vouches, in a short-lived JWT, for the key
 * one app instance holds (`cnf.jwk`); with each token request the instance
 * sends that attestation and a proof of possession signed by the key. When the
 * attestation runs out, no new tokens are issued until the instance attests
 * again — the seed article's "require periodic re-attestation before issuing
 * new refresh tokens". Each refusal says what is wrong, and what to do.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Clock } from '../../clock/virtual-clock.ts';
import { IdpError } from '../../errors.ts';
import { checkTypAndAlg, claimsOf, createClockValues, createKeyCache, createReplayGuard, iatNow, iatProblem, jtiOf, oneHeaderValue, publicJwkProblem, shown, type ClientKey, type ProofKind } from '../key-proofs.ts';
import type { AttestationConfig } from './attestation-config.ts';

export const ATTESTATION_HEADER = 'oauth-client-attestation';
export const ATTESTATION_POP_HEADER = 'oauth-client-attestation-pop';
/** Where the IdP hands out the current challenge, on every answer to an attesting client (and with `use_attestation_challenge`). */
export const ATTESTATION_CHALLENGE_HEADER = 'oauth-client-attestation-challenge';
const ATTESTATION_TYP = 'oauth-client-attestation+jwt';
const POP_TYP = 'oauth-client-attestation-pop+jwt';
/** The attester signs with ES256; an instance may sign its PoP with any of these. */
export const ATTESTATION_ALG = 'ES256';
export const POP_ALGORITHMS = ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA', 'Ed25519'];

export interface IssuedAttestation {
  attestation: string;
  /** Seconds until it runs out. */
  expiresIn: number;
  /** The instance key's JWK SHA-256 thumbprint: what sign-ins made with the attestation are bound to. */
  jkt: string;
}

/** An app instance's public key, as the attester received it: checked, and stripped to its public members. */
export interface InstanceKey {
  jwk: JWK;
  jkt: string;
}

export interface ClientAttestations {
  /** Checks a key an instance sent the attester; a 400 naming what is wrong with it. */
  instanceKey(jwk: unknown): Promise<InstanceKey>;
  /** The attester's part: vouches for `key` as an instance key of `clientId` for `ttl`. */
  attest(clientId: string, key: InstanceKey): Promise<IssuedAttestation>;
  /** The token endpoint's part: checks a request's attestation and PoP for `clientId`; the instance key's thumbprint. */
  verify(headers: IncomingHttpHeaders, clientId: string): Promise<{ jkt: string }>;
  /** The attester's issuer (`iss` of its attestations). */
  attesterId(): string;
  /** The challenge a PoP must carry now (`challenge` claim): it changes as the virtual clock passes each `challengeTtl`. */
  challenge(): string;
  /** Forgets the PoPs seen (the IdP's reset). */
  clear(): void;
}

function invalid(message: string): IdpError {
  return new IdpError('INVALID_CLIENT_ATTESTATION', message);
}

const POP: ProofKind = { what: 'the client attestation PoP', typ: POP_TYP, fail: invalid };

export async function createClientAttestations(options: { clock: Clock; issuer: () => string; settings: () => AttestationConfig }): Promise<ClientAttestations> {
  const { clock, settings } = options;
  const { privateKey, publicKey } = await generateKeyPair(ATTESTATION_ALG);
  const seen = createReplayGuard(() => iatNow(clock, settings().popIatClock));
  const keys = createKeyCache();
  const attesterId = () => `${options.issuer()}/attester`;
  const valueNow = createClockValues(clock);
  const challenge = () => valueNow(settings().challengeTtl);

  async function checkAttestation(attestation: string, clientId: string): Promise<JWK> {
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(attestation, publicKey as CryptoKey, { typ: ATTESTATION_TYP, issuer: attesterId(), algorithms: [ATTESTATION_ALG], currentDate: new Date(clock.now()), clockTolerance: 0 }));
    } catch (error) {
      const { code, claim } = error as { code?: string; claim?: string };
      if (code === 'ERR_JWT_EXPIRED') {
        const exp = (error as { payload?: { exp?: number } }).payload?.exp;
        const ago = typeof exp === 'number' ? ` ${Math.max(0, Math.floor(clock.now() / 1000) - exp)} s ago` : '';
        throw new IdpError('USE_FRESH_ATTESTATION', `the client attestation ran out${ago}: attest again (POST /api/attester/attest) and send the new one`);
      }
      const reason = claim === 'typ' ? `its typ is not "${ATTESTATION_TYP}"` : claim === 'iss' ? 'it was not issued by this IdP\'s attester' : 'it is not a JWT signed by this IdP\'s attester';
      throw invalid(`the client attestation is not valid: ${reason}`);
    }
    if (claims.sub !== clientId) throw invalid(`the client attestation was issued to client ${shown(claims.sub)}, not "${clientId}"`);
    const jwk = (claims.cnf as { jwk?: unknown } | undefined)?.jwk;
    const problem = publicJwkProblem(jwk, 'the client attestation\'s cnf.jwk');
    if (problem) throw invalid(problem);
    return jwk as JWK;
  }

  async function checkPop(pop: string, jwk: JWK): Promise<string> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(pop);
    } catch {
      throw invalid('the client attestation PoP is not a JWT');
    }
    const alg = checkTypAndAlg(header, POP, POP_ALGORITHMS);
    let payload: Uint8Array;
    let instance: ClientKey;
    try {
      instance = await keys.keyOf(jwk, alg);
      ({ payload } = await compactVerify(pop, instance.key, { algorithms: [alg] }));
    } catch {
      throw invalid('the client attestation PoP is not signed by the instance key the attestation vouches for (cnf.jwk)');
    }
    const claims = claimsOf(payload, POP);
    const issuer = options.issuer();
    const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audience.includes(issuer)) throw invalid(`the client attestation PoP's aud ${shown(claims.aud)} is not this IdP's issuer, ${issuer}`);
    checkChallenge(claims.challenge);
    const jti = jtiOf(claims, POP);
    const { popIatTolerance, popIatClock } = settings();
    const problem = iatProblem(claims.iat, iatNow(clock, popIatClock), popIatTolerance, popIatClock);
    if (problem) throw invalid(`the client attestation PoP${problem}`);
    if (!seen.firstUse(jti, (claims.iat as number) * 1000 + popIatTolerance)) throw invalid('the client attestation PoP was already used (its jti was seen): a PoP is good for one request');
    return instance.jkt;
  }

  /** A required challenge must be there, and any challenge given must be the current one; the refusal carries it. */
  function checkChallenge(given: unknown): void {
    const current = challenge();
    const refuse = (message: string) => new IdpError('USE_ATTESTATION_CHALLENGE', message).withHeaders({ [ATTESTATION_CHALLENGE_HEADER]: current });
    if (given === undefined) {
      if (settings().challenge === 'required') throw refuse('this server requires a challenge in the client attestation PoP: sign it again with the challenge in the OAuth-Client-Attestation-Challenge header');
      return;
    }
    if (given !== current) throw refuse('the client attestation PoP\'s challenge is not the current one (challenges change as time passes): sign it again with the challenge in the OAuth-Client-Attestation-Challenge header');
  }

  return {
    async instanceKey(jwk) {
      const problem = publicJwkProblem(jwk, 'body.jwk');
      if (problem) throw new IdpError('INVALID_REQUEST', problem);
      try {
        // Only the members that make the public key, whatever else came with it.
        const { kty, crv, x, y, n, e } = jwk as JWK;
        const publicJwk = Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, value]) => value !== undefined)) as JWK;
        await importJWK(publicJwk, publicJwk.kty === 'RSA' ? 'PS256' : publicJwk.kty === 'OKP' ? 'Ed25519' : publicJwk.crv === 'P-384' ? 'ES384' : 'ES256');
        return { jwk: publicJwk, jkt: await calculateJwkThumbprint(publicJwk, 'sha256') };
      } catch (error) {
        throw new IdpError('INVALID_REQUEST', `body.jwk is not a usable public key (${error instanceof Error ? error.message : String(error)})`);
      }
    },
    async attest(clientId, key) {
      const now = Math.floor(clock.now() / 1000);
      const exp = now + Math.floor(settings().ttl / 1000);
      const attestation = await new SignJWT({ cnf: { jwk: key.jwk } })
        .setProtectedHeader({ alg: ATTESTATION_ALG, typ: ATTESTATION_TYP })
        .setIssuer(attesterId())
        .setSubject(clientId)
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .sign(privateKey);
      return { attestation, expiresIn: exp - now, jkt: key.jkt };
    },
    async verify(headers, clientId) {
      const one = (name: string) => oneHeaderValue(headers[name], () => invalid(`send one ${name} header, not several`));
      const attestation = one(ATTESTATION_HEADER);
      const pop = one(ATTESTATION_POP_HEADER);
      if (attestation === undefined || pop === undefined) {
        throw invalid(`client "${clientId}" authenticates with a client attestation (attest_jwt_client_auth): send the OAuth-Client-Attestation and OAuth-Client-Attestation-PoP headers`);
      }
      const jwk = await checkAttestation(attestation, clientId);
      return { jkt: await checkPop(pop, jwk) };
    },
    attesterId,
    challenge,
    clear: () => seen.clear(),
  };
}
