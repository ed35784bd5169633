/**
 * The `attestation:` section of the IdP config: the seed article's "continuous
 * attestation" — periodic re-attestation (OS integrity checks) before new
 * tokens are issued — as OAuth 2.0 Attestation-Based Client Authentication
 * (draft-ietf-oauth-attestation-based-client-auth) does it. The IdP also plays
 * the client attester, the service that checks the device and vouches for the
 * key the app instance holds.
 */
import { z } from 'zod';
import { durationSchema } from '../../clock/duration.ts';
import { IAT_CLOCKS } from '../key-proofs.ts';

export const ATTESTATION_VERDICTS = ['pass', 'fail'] as const;
/** Whether a PoP must carry the server's current challenge (`challenge` claim, from `POST /oauth/challenge`). */
export const ATTESTATION_CHALLENGES = ['off', 'required'] as const;

export const attestationConfigSchema = z.object({
  /** How long a client attestation lasts (its `exp`, virtual time): the client must attest again after it. */
  ttl: durationSchema.refine((ms) => ms >= 1000, 'expected at least "1s"').default(60 * 60_000),
  /** How far an attestation PoP's `iat` may be from now (see `popIatClock`), either way. */
  popIatTolerance: durationSchema.default(60_000),
  /** What a PoP's `iat` is judged against: `real` time (the default), or the IdP's `virtual` clock. */
  popIatClock: z.enum(IAT_CLOCKS).default('real'),
  /**
   * What the attester's device check finds from now on: `fail` (a jailbroken or tampered device) refuses
   * every attestation and revokes the sign-ins bound to the instance key that asked.
   */
  verdict: z.enum(ATTESTATION_VERDICTS).default('pass'),
  /**
   * `required`: every PoP must carry the current server-provided challenge, so a PoP cannot be made ahead of time
   * (`use_attestation_challenge` otherwise). With `off`, a PoP may still carry one, and it must then be current.
   */
  challenge: z.enum(ATTESTATION_CHALLENGES).default('off'),
  /** How long a challenge lasts, in virtual time: challenges change at each multiple of it on the clock. */
  challengeTtl: durationSchema.refine((ms) => ms >= 1000, 'expected at least "1s"').default(5 * 60_000),
}).strict();

export type AttestationConfig = z.output<typeof attestationConfigSchema>;
