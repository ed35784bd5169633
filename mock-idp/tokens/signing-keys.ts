/**
 * The IdP's signing keys: the one new access and ID tokens are signed with, the
 * others it still publishes in its JWKS and honours, and those it retired —
 * whose tokens it refuses, as an IdP does after an emergency rotation. Keys are
 * made when first needed (an RSA key takes a few hundred ms) and kept across
 * resets, so a reset costs no key generation.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { z } from 'zod';
import type { Clock } from '../clock/virtual-clock.ts';

/**
 * What the IdP signs with: ES256 by default; RS256, which OIDC makes mandatory for ID tokens and many resource
 * servers pin; PS256, ES384 and EdDSA (Ed25519).
 */
export const SIGNING_ALGORITHMS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];
export const signingAlgorithmSchema = z.enum(SIGNING_ALGORITHMS);

/** The `signing:` section of the IdP config. */
export const signingConfigSchema = z.object({
  /** What access tokens, and ID tokens for clients that ask for nothing else, are signed with. */
  algorithm: signingAlgorithmSchema.default('ES256'),
}).strict();

export type SigningKeyStatus = 'current' | 'published' | 'retired';

export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** As the JWKS lists it: the public parts, `kid`, `alg`, `use`. */
  publicJwk: JWK;
  /** The private JWK, for the ID-token signer (oauth2-mock-server's); never shown anywhere. */
  privateJwk: JWK;
}

/** What the admin API shows of a key: no key material. */
export interface SigningKeyView {
  kid: string;
  alg: SigningAlgorithm;
  status: SigningKeyStatus;
  /** Virtual time it was published (again, after a reset). */
  publishedAt: number;
  retiredAt: number | null;
}

export interface SigningKeyRing {
  /** The key new tokens are signed with. */
  current(): SigningKey;
  /**
   * The key for an ID token a client asks to be signed with `alg`: the current key if it is of that algorithm,
   * else the newest published key of it, made and published the first time one is needed.
   */
  forAlgorithm(alg: SigningAlgorithm): Promise<SigningKey>;
  /** A key whose tokens the IdP honours (current or published), by `kid`. */
  honoured(kid: string): SigningKey | undefined;
  status(kid: string): SigningKeyStatus | undefined;
  /** Published keys, the current one first: the JWKS. */
  published(): SigningKey[];
  list(): SigningKeyView[];
  /** A new current key (of `algorithm`, else the current one's); the previous ones stay published unless `retirePrevious`. */
  rotate(options: { algorithm?: SigningAlgorithm; retirePrevious?: boolean }): Promise<{ key: SigningKey; retired: string[] }>;
  /** Stops publishing and honouring a key; the current key is not retired (rotate first): false. */
  retire(kid: string): boolean;
  /** Back to one published key of `algorithm`, the first made of it. */
  reset(algorithm: SigningAlgorithm): Promise<void>;
}

interface Entry {
  key: SigningKey;
  status: SigningKeyStatus;
  publishedAt: number;
  retiredAt: number | null;
}

async function generateSigningKey(alg: SigningAlgorithm): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `ts-${randomUUID().slice(0, 8)}`;
  const label = { kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), ...label }, privateJwk: { ...(await exportJWK(privateKey)), ...label } };
}

export async function createSigningKeyRing(options: { clock: Clock; algorithm: SigningAlgorithm }): Promise<SigningKeyRing> {
  const { clock } = options;
  /** Newest last; the current key is the one entry with that status. */
  let entries: Entry[] = [];
  /** The first key made of each algorithm, published again by a reset or a first ask after it. */
  const firstOf = new Map<SigningAlgorithm, SigningKey>();
  const making = new Map<SigningAlgorithm, Promise<SigningKey>>();
  let currentEntry: Entry;

  /** One key generation per algorithm at a time: two ID tokens asking for RS256 at once share one new key. */
  function make(alg: SigningAlgorithm): Promise<SigningKey> {
    const pending = making.get(alg);
    if (pending) return pending;
    const made = generateSigningKey(alg).finally(() => making.delete(alg));
    making.set(alg, made);
    return made;
  }

  function publish(key: SigningKey, status: 'current' | 'published'): Entry {
    if (!firstOf.has(key.alg)) firstOf.set(key.alg, key);
    const entry: Entry = { key, status, publishedAt: clock.now(), retiredAt: null };
    entries.push(entry);
    if (status === 'current') currentEntry = entry;
    return entry;
  }

  const find = (kid: string) => entries.find((entry) => entry.key.kid === kid);
  const live = () => entries.filter((entry) => entry.status !== 'retired');
  const newestLive = (alg: SigningAlgorithm) => live().reverse().find((entry) => entry.key.alg === alg);
  function retireEntry(entry: Entry): void {
    entry.status = 'retired';
    entry.retiredAt = clock.now();
  }

  publish(await make(options.algorithm), 'current');

  return {
    current: () => currentEntry.key,
    async forAlgorithm(alg) {
      if (currentEntry.key.alg === alg) return currentEntry.key;
      const newest = newestLive(alg);
      if (newest) return newest.key;
      const first = firstOf.get(alg);
      const key = first && !find(first.kid) ? first : await make(alg);
      // Another ask for the same algorithm may have published it while this one waited.
      return (newestLive(alg) ?? publish(key, 'published')).key;
    },
    honoured(kid) {
      const entry = currentEntry.key.kid === kid ? currentEntry : find(kid);
      return entry && entry.status !== 'retired' ? entry.key : undefined;
    },
    status: (kid) => find(kid)?.status,
    published: () => [currentEntry.key, ...live().filter((entry) => entry !== currentEntry).reverse().map((entry) => entry.key)],
    list: () => entries.map(({ key, status, publishedAt, retiredAt }) => ({ kid: key.kid, alg: key.alg, status, publishedAt, retiredAt })),
    async rotate({ algorithm = currentEntry.key.alg, retirePrevious = false }) {
      const key = await generateSigningKey(algorithm);
      const retired: string[] = [];
      for (const entry of entries) {
        if (entry.status === 'current') entry.status = 'published';
        if (retirePrevious && entry.status === 'published') {
          retireEntry(entry);
          retired.push(entry.key.kid);
        }
      }
      publish(key, 'current');
      return { key, retired };
    },
    retire(kid) {
      const entry = find(kid);
      if (!entry || entry.status !== 'published') return false;
      retireEntry(entry);
      return true;
    },
    async reset(algorithm) {
      entries = [];
      publish(firstOf.get(algorithm) ?? (await make(algorithm)), 'current');
    },
  };
}
