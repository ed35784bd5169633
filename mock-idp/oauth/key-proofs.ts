/**
 * What DPoP proofs (RFC 9449) and client attestations share: JWTs signed by a
 * key the client holds, whose public half travels with them. Checks that say
 * what is wrong, a guard against a proof presented twice, and the server's
 * values (nonces, challenges) a proof must carry.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, importJWK, type CryptoKey, type JWK, type ProtectedHeaderParameters } from 'jose';
import { capacityBound } from '../capacity-bound.ts';
import type { Clock } from '../clock/virtual-clock.ts';
import type { IdpError } from '../errors.ts';

/** One kind of client-signed JWT, as its refusals name it ("the DPoP proof") and throw them. */
export interface ProofKind {
  what: string;
  typ: string;
  fail: (message: string) => IdpError;
}

/** One header's one value: Node joins a repeated header with ", ", and a JWT has no comma. */
export function oneHeaderValue(value: string | string[] | undefined, several: () => IdpError): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) || value.includes(',')) throw several();
  return value.trim();
}

/** Checks a proof's `typ` and `alg` (one of `algorithms`; `advertisedAs` names the metadata that lists them); its `alg`. */
export function checkTypAndAlg(header: ProtectedHeaderParameters, kind: ProofKind, algorithms: readonly string[], advertisedAs?: string): string {
  if (header.typ !== kind.typ) throw kind.fail(`${kind.what}'s typ must be "${kind.typ}", not ${shown(header.typ)}`);
  const { alg } = header;
  if (typeof alg !== 'string' || !algorithms.includes(alg)) {
    throw kind.fail(`${kind.what}'s alg ${shown(alg)} is not accepted: sign it with one of ${algorithms.join(', ')}${advertisedAs ? ` (${advertisedAs})` : ''}`);
  }
  return alg;
}

/** A verified proof's payload as its claims: a JSON object, and nothing else. */
export function claimsOf(payload: Uint8Array, kind: ProofKind): Record<string, unknown> {
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    claims = undefined;
  }
  if (!claims || typeof claims !== 'object' || Array.isArray(claims)) throw kind.fail(`${kind.what}'s payload is not a JSON object of claims`);
  return claims as Record<string, unknown>;
}

/** A proof's `jti`: a string of 1-256 characters, which the replay guard then keeps. */
export function jtiOf(claims: Record<string, unknown>, kind: ProofKind): string {
  if (typeof claims.jti !== 'string' || claims.jti.length === 0 || claims.jti.length > 256) throw kind.fail(`${kind.what} needs a jti: a unique string of 1-256 characters`);
  return claims.jti;
}

/** JWK members only a private (or symmetric) key has. */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

/** A value from a client's JWT as an error quotes it: JSON, cut short (a header may be kilobytes). */
export function shown(value: unknown): string {
  const json = JSON.stringify(value ?? null) ?? typeof value;
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** Why `jwk` cannot be a client's public key, or undefined when it can be (jose then imports it or says why not). */
export function publicJwkProblem(jwk: unknown, what: string): string | undefined {
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) return `${what} is missing or not a JSON object: it must be the client's public key`;
  const secretMembers = PRIVATE_JWK_MEMBERS.filter((member) => member in jwk);
  return secretMembers.length > 0 ? `${what} must be a public key; it has ${secretMembers.join(', ')}: a private key was sent` : undefined;
}

/**
 * What a proof's `iat` is judged against: `real` time, as the client's own clock reads it — advancing the
 * IdP's virtual clock (to expire tokens, to age an attestation) then leaves proofs good — or the IdP's
 * `virtual` clock, so that advancing or setting it makes every client's proofs come from a skewed device.
 */
export const IAT_CLOCKS = ['real', 'virtual'] as const;
export type IatClock = (typeof IAT_CLOCKS)[number];

export function iatNow(clock: Clock, which: IatClock): number {
  return which === 'virtual' ? clock.now() : Date.now();
}

/**
 * What is wrong with a proof's `iat` against `now` (ms, in the base `which` names), worded to follow "the …
 * proof" ("'s iat is 120 s in the past …", " has no numeric iat"); undefined when it is within `tolerance`.
 */
export function iatProblem(iat: unknown, now: number, tolerance: number, which: IatClock): string | undefined {
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return ' has no numeric iat';
  const drift = iat * 1000 - now;
  if (Math.abs(drift) <= tolerance) return undefined;
  // In whole seconds against the clock's own second, as the client wrote iat.
  const by = Math.abs(iat - Math.floor(now / 1000));
  const base = which === 'virtual' ? 'the IdP\'s virtual clock' : 'real time';
  return `'s iat is ${by} s in the ${drift < 0 ? 'past' : 'future'} by ${base} (${new Date(now).toISOString()}); accepted: within ${Math.round(tolerance / 1000)} s`;
}

/** Remembers JWT ids until the JWT would be refused anyway (its time window passed), so each is good once. */
export interface ReplayGuard {
  /** False if `id` was seen and is still within its window; otherwise remembers it until `goodUntil` and answers true. */
  firstUse(id: string, goodUntil: number): boolean;
  clear(): void;
}

/** `now`: the time base `goodUntil` is in (see `iatNow`). */
export function createReplayGuard(now: () => number, capacity = 100_000): ReplayGuard {
  const seen = new Map<string, number>();
  const bound = capacityBound(seen, capacity);
  return {
    firstUse(id, goodUntil) {
      const previous = seen.get(id);
      if (previous !== undefined && previous >= now()) return false;
      // Re-inserted, so the map stays in the order the bound forgets by.
      seen.delete(id);
      seen.set(id, goodUntil);
      bound.enforce();
      return true;
    },
    clear: () => seen.clear(),
  };
}

/** A client's public key, imported for one algorithm, with its RFC 7638 thumbprint. */
export interface ClientKey {
  key: CryptoKey;
  jkt: string;
}

/**
 * Client keys by their public members and algorithm. A client signs every proof with the same key, and
 * importing it (WebCrypto) and hashing its thumbprint cost more than checking the signature: each is paid
 * once per key. Throws as jose's importJWK does for a key it cannot use.
 */
export interface KeyCache {
  keyOf(jwk: JWK, alg: string): Promise<ClientKey>;
}

export function createKeyCache(capacity = 10_000): KeyCache {
  const keys = new Map<string, Promise<ClientKey>>();
  const bound = capacityBound(keys, capacity);
  return {
    keyOf(jwk, alg) {
      const id = `${alg} ${JSON.stringify([jwk.kty, jwk.crv, jwk.x, jwk.y, jwk.n, jwk.e])}`;
      let found = keys.get(id);
      if (!found) {
        found = (async () => ({ key: (await importJWK(jwk, alg)) as CryptoKey, jkt: await calculateJwkThumbprint(jwk, 'sha256') }))();
        // A key that cannot be imported is not kept: the next proof with it is refused again, as the first was.
        found.catch(() => keys.delete(id));
        keys.set(id, found);
        bound.enforce();
      }
      return found;
    },
  };
}

/**
 * Server-provided values that change as the virtual clock passes each multiple of a period (DPoP nonces, client
 * attestation challenges): derived from the period's number with a secret, so nothing is stored, and advancing
 * the clock makes every value handed out before stale.
 */
export function createClockValues(clock: Clock): (periodMs: number) => string {
  const secret = randomBytes(32);
  return (periodMs) => createHmac('sha256', secret).update(String(Math.floor(clock.now() / periodMs))).digest('base64url').slice(0, 32);
}
