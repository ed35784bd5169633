/**
 * The `dpop:` section of the IdP config: DPoP (RFC 9449), sender-constrained
 * tokens bound to a key the client holds — the seed article's "bind tokens to
 * hardware", with a key that can live in the device's keychain or TPM.
 */
import { z } from 'zod';
import { durationSchema } from '../../clock/duration.ts';
import { IAT_CLOCKS } from '../key-proofs.ts';

/** Asymmetric JWS algorithms jose verifies (RFC 9449 §4.2: no `none`, no MAC). */
export const DPOP_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'EdDSA', 'Ed25519'] as const;
export type DpopAlgorithm = (typeof DPOP_ALGORITHMS)[number];

/** Where the IdP asks for a server-provided nonce (RFC 9449 §8 at the token endpoint, §9 at the resource API). */
export const DPOP_NONCE_PLACES = ['off', 'token', 'resource', 'both'] as const;

export const dpopConfigSchema = z.object({
  /** `dpop_signing_alg_values_supported`: the algorithms a proof may be signed with. */
  algorithms: z.array(z.enum(DPOP_ALGORITHMS)).min(1, 'expected at least one algorithm').default(['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA', 'Ed25519'])
    .refine((algorithms) => new Set(algorithms).size === algorithms.length, 'expected each algorithm once'),
  /** How far a proof's `iat` may be from now (see `iatClock`), either way. */
  iatTolerance: durationSchema.default(60_000),
  /** What `iat` is judged against: `real` time (the default), or the IdP's `virtual` clock to test skewed devices. */
  iatClock: z.enum(IAT_CLOCKS).default('real'),
  /** Where a proof must carry the IdP's current nonce (`DPoP-Nonce`); `off` by default. */
  nonce: z.enum(DPOP_NONCE_PLACES).default('off'),
  /** How long a nonce lasts, in virtual time: nonces change at each multiple of it on the clock. */
  nonceTtl: durationSchema.refine((ms) => ms >= 1000, 'expected at least "1s"').default(5 * 60_000),
}).strict();

export type DpopConfig = z.output<typeof dpopConfigSchema>;
export type DpopPlace = 'token' | 'resource';
