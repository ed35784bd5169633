/**
 * Client attestation at the token endpoint: a client configured with
 * `attestation: required` authenticates every token request with a current
 * attestation of its app instance and a proof of the instance key; its
 * sign-ins are bound to that instance, so a refresh token copied to another
 * device, even one that attests, is refused.
 */
import { IdpError } from '../../errors.ts';
import { ATTESTATION_CHALLENGE_HEADER } from '../attestation/client-attestation.ts';
import type { KeyBinding } from './key-binding.ts';
import type { TokenContext } from './token-context.ts';

export async function readClientAttestation(context: TokenContext): Promise<void> {
  const { rt, request, client } = context;
  if (client!.attestation !== 'required') return;
  // Whatever the answer, it names the challenge to put in the next PoP (as the draft lets a server do).
  context.reply.header(ATTESTATION_CHALLENGE_HEADER, rt.attestations.challenge());
  context.attestation = await rt.attestations.verify(request.headers, client!.id);
  request.ts.detail = { ...request.ts.detail, instanceJkt: context.attestation.jkt };
}

export const ATTESTATION_BINDING: KeyBinding = {
  field: 'instanceJkt',
  proven: (context) => context.attestation?.jkt,
  binds: () => true,
  missing: () => new IdpError('INVALID_CLIENT_ATTESTATION', 'this refresh token belongs to an attested app instance: the request needs its client attestation'),
  mismatch: () => new IdpError('ATTESTATION_KEY_MISMATCH', 'this refresh token belongs to another app instance than the one attested in this request'),
};
