/**
 * DPoP proofs (RFC 9449 §4.3): each is checked as the RFC lists — one header, a
 * JWT of type `dpop+jwt`, an accepted asymmetric algorithm, a public `jwk` that
 * verifies the signature, `htm` and `htu` of this request, a recent `iat`, the server nonce where one is required, `ath` at a resource
 * server, and a `jti` not seen before — and each failure says which. `iat`
 * is judged against real time unless `dpop.iatClock` says `virtual`.
 *
 * Nonces (§8, §9) are derived from the virtual clock: the nonce changes at each
 * multiple of `nonceTtl`, so advancing the clock rotates it, and a proof with
 * the previous one gets `use_dpop_nonce` with the new one in `DPoP-Nonce`. The
 * token endpoint and the resource API hand out the same nonce.
 */
import { createHash } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, type CryptoKey, type JWK } from 'jose';
import type { Clock } from '../../clock/virtual-clock.ts';
import { IdpError, isIdpError } from '../../errors.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkTypAndAlg, claimsOf, createClockValues, createKeyCache, createReplayGuard, iatNow, iatProblem, jtiOf, oneHeaderValue, publicJwkProblem, shown, type ClientKey, type ProofKind } from '../key-proofs.ts';
import type { DpopConfig, DpopPlace } from './dpop-config.ts';

export interface DpopProof {
  /** The JWK SHA-256 thumbprint of the proof's key (RFC 7638): what tokens are bound to (`cnf.jkt`). */
  jkt: string;
}

export interface DpopRequest {
  method: string;
  /** The request's URL without query or fragment. */
  url: string;
  place: DpopPlace;
  /** At a resource server: the access token the proof must name in `ath`. */
  accessToken?: string;
}

export interface DpopVerifier {
  /**
   * The proof in a request's `DPoP` header, checked against the request; undefined when there is none.
   * Throws `INVALID_DPOP_PROOF` or `USE_DPOP_NONCE`, whose `headers` carry the nonce to use.
   */
  verify(header: string | string[] | undefined, request: DpopRequest): Promise<DpopProof | undefined>;
  /** The nonce proofs sent to `place` must carry now, or undefined where none is required. */
  nonceFor(place: DpopPlace): string | undefined;
  /** `algs` for a DPoP challenge. */
  algorithms(): readonly string[];
  /** Forgets the proofs seen (the IdP's reset). */
  clear(): void;
}

/**
 * The URL a request was received at, as a proof's `htu` must name it (RFC 9449 §4.3): the `Host` it was sent
 * to (a client may call the IdP `localhost` or `127.0.0.1`) and its path, without the query. The IdP serves
 * plain HTTP; without a usable `Host`, the IdP's own URL.
 */
function receivedUrl(request: { headers: { host?: string | undefined }; url: string }, idpUrl: string): string {
  const path = request.url.split('?')[0]!;
  try {
    if (request.headers.host) {
      const url = new URL(`http://${request.headers.host}${path}`);
      return `${url.origin}${url.pathname}`;
    }
  } catch {
    // A Host that is no host: the IdP's own URL below.
  }
  return `${idpUrl}${path}`;
}

function invalid(message: string): IdpError {
  return new IdpError('INVALID_DPOP_PROOF', message);
}

const DPOP_PROOF: ProofKind = { what: 'the DPoP proof', typ: 'dpop+jwt', fail: invalid };

/**
 * What the token endpoint, the broker and the API each do first: hand out the current nonce where one is
 * required (RFC 9449 §8.2: on any response, so a client can use it before it is refused), then check the
 * request's proof, if it has one, against the URL it was received at.
 */
export async function requestProof(dpop: DpopVerifier, request: FastifyRequest, reply: FastifyReply, idpUrl: string, place: DpopPlace, accessToken?: string): Promise<DpopProof | undefined> {
  const nonce = dpop.nonceFor(place);
  if (nonce !== undefined) reply.header('dpop-nonce', nonce);
  const proof = await dpop.verify(request.headers.dpop, { method: request.method, url: receivedUrl(request, idpUrl), place, ...(accessToken === undefined ? {} : { accessToken }) });
  if (proof) request.ts.detail = { ...request.ts.detail, dpopJkt: proof.jkt };
  return proof;
}

export function createDpopVerifier(options: { clock: Clock; settings: () => DpopConfig }): DpopVerifier {
  const { clock, settings } = options;
  // Proofs seen, by jti, until their iat would be refused anyway.
  const seen = createReplayGuard(() => iatNow(clock, settings().iatClock));
  const keys = createKeyCache();
  const valueNow = createClockValues(clock);

  function nonceFor(place: DpopPlace): string | undefined {
    const { nonce, nonceTtl } = settings();
    if (nonce === 'off' || (nonce !== 'both' && nonce !== place)) return undefined;
    // One nonce for both places: the token endpoint and the API share an origin, and clients such as
    // openid-client keep one nonce per origin (two would have them retry every other request).
    return valueNow(nonceTtl);
  }

  function withNonce(error: IdpError, place: DpopPlace): IdpError {
    const nonce = nonceFor(place);
    return nonce === undefined ? error : error.withHeaders({ 'dpop-nonce': nonce });
  }

  function readHeader(proof: string, allowed: readonly string[]): { alg: string; jwk: JWK } {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(proof);
    } catch {
      throw invalid('the DPoP header is not a JWT (RFC 9449 §4.2)');
    }
    if (proof.split('.').length !== 3) throw invalid('the DPoP header is not a signed JWT in compact form (RFC 9449 §4.2)');
    const alg = checkTypAndAlg(header, DPOP_PROOF, allowed, 'dpop_signing_alg_values_supported');
    const problem = publicJwkProblem(header.jwk, 'the DPoP proof\'s jwk header');
    if (problem) throw invalid(problem);
    return { alg, jwk: header.jwk! };
  }

  async function verifiedClaims(proof: string, alg: string, key: CryptoKey): Promise<Record<string, unknown>> {
    let payload: Uint8Array;
    try {
      ({ payload } = await compactVerify(proof, key, { algorithms: [alg] }));
    } catch (error) {
      const reason = error instanceof Error && /signature verification failed/i.test(error.message) ? 'its signature does not verify with its jwk' : `its jwk or signature is unusable (${error instanceof Error ? error.message : String(error)})`;
      throw invalid(`the DPoP proof is not valid: ${reason}`);
    }
    return claimsOf(payload, DPOP_PROOF);
  }

  function checkTarget(claims: Record<string, unknown>, request: DpopRequest): void {
    if (claims.htm !== request.method) throw invalid(`the DPoP proof's htm ${shown(claims.htm)} is not this request's method, ${request.method}`);
    let htu: URL | undefined;
    try {
      htu = typeof claims.htu === 'string' ? new URL(claims.htu) : undefined;
    } catch {
      htu = undefined;
    }
    if (!htu) throw invalid(`the DPoP proof's htu ${shown(claims.htu)} is not an absolute URL`);
    // RFC 9449 §4.3 (9): compared without query and fragment, after syntax-based normalisation (the URL parser's).
    if (`${htu.origin}${htu.pathname}` !== request.url) throw invalid(`the DPoP proof's htu ${shown(claims.htu)} is not this request's URL, ${request.url}`);
  }

  function checkTime(claims: Record<string, unknown>): number {
    const { iatTolerance, iatClock } = settings();
    const problem = iatProblem(claims.iat, iatNow(clock, iatClock), iatTolerance, iatClock);
    if (problem) throw invalid(`the DPoP proof${problem}`);
    return (claims.iat as number) * 1000 + iatTolerance;
  }

  function checkNonce(claims: Record<string, unknown>, place: DpopPlace): void {
    const expected = nonceFor(place);
    if (expected === undefined) return;
    if (claims.nonce === undefined) throw withNonce(new IdpError('USE_DPOP_NONCE', 'this server requires a DPoP nonce: sign the proof again with the nonce in the DPoP-Nonce header'), place);
    if (claims.nonce !== expected) throw withNonce(new IdpError('USE_DPOP_NONCE', 'the DPoP proof\'s nonce is not the current one (nonces change as time passes): sign it again with the nonce in the DPoP-Nonce header'), place);
  }

  function checkAth(claims: Record<string, unknown>, accessToken: string | undefined): void {
    if (accessToken === undefined) return;
    if (typeof claims.ath !== 'string') throw invalid('the DPoP proof has no ath: at a resource server it must carry the access token\'s SHA-256 hash (RFC 9449 §4.2)');
    if (claims.ath !== createHash('sha256').update(accessToken).digest('base64url')) throw invalid('the DPoP proof\'s ath is not the hash of the access token sent with it');
  }

  return {
    async verify(header, request) {
      if (header === undefined) return undefined;
      const allowed = settings().algorithms;
      try {
        const proof = oneHeaderValue(header, () => invalid('send one DPoP header, not several (RFC 9449 §4.3)'))!;
        const { alg, jwk } = readHeader(proof, allowed);
        let clientKey: ClientKey;
        try {
          clientKey = await keys.keyOf(jwk, alg);
        } catch (error) {
          throw invalid(`the DPoP proof is not valid: its jwk is unusable (${error instanceof Error ? error.message : String(error)})`);
        }
        const claims = await verifiedClaims(proof, alg, clientKey.key);
        const jti = jtiOf(claims, DPOP_PROOF);
        checkTarget(claims, request);
        const goodUntil = checkTime(claims);
        checkNonce(claims, request.place);
        checkAth(claims, request.accessToken);
        if (!seen.firstUse(jti, goodUntil)) throw invalid('the DPoP proof was already used (its jti was seen): a proof is good for one request');
        return { jkt: clientKey.jkt };
      } catch (error) {
        // Any refusal names the nonce to use next, where one is required.
        throw isIdpError(error) && error.code === 'INVALID_DPOP_PROOF' ? withNonce(error, request.place) : error;
      }
    },
    nonceFor,
    algorithms: () => settings().algorithms,
    clear() {
      seen.clear();
    },
  };
}
