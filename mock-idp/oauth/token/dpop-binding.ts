/**
 * DPoP at the token endpoint (RFC 9449 §5): a request's proof is checked before
 * any grant runs; the access token it gets is bound to the proof's key
 * (`cnf.jkt`, `token_type: DPoP`); a public client's refresh tokens are bound
 * to the key too, and a refresh must prove it — a stolen refresh token is of no
 * use without the key, which can stay in the device's keychain or TPM.
 */
import { IdpError } from '../../errors.ts';
import { requestProof } from '../dpop/dpop-proofs.ts';
import type { KeyBinding } from './key-binding.ts';
import type { TokenContext } from './token-context.ts';

export async function readDpopProof(context: TokenContext): Promise<void> {
  const { rt, request, reply } = context;
  const proof = await requestProof(rt.dpop, request, reply, rt.url(), 'token');
  if (!proof) {
    if (context.client!.dpopBoundAccessTokens) throw new IdpError('INVALID_DPOP_PROOF', `client "${context.client!.id}" always uses DPoP (dpopBoundAccessTokens): the token request carries no DPoP proof`);
    return;
  }
  context.dpop = proof;
}

/** A DPoP-bound family's refresh token presented without a proof (here and at the recipe's refresh endpoint). */
export function dpopProofMissing(): IdpError {
  return new IdpError('INVALID_DPOP_PROOF', 'this refresh token is bound to a DPoP key (RFC 9449 §5): the request needs a DPoP proof signed by it', { outcome: 'dpop-proof-missing' });
}

/** A DPoP-bound family's refresh token presented with a proof of another key. */
export function dpopKeyMismatch(): IdpError {
  return new IdpError('DPOP_KEY_MISMATCH', 'this refresh token is bound to another DPoP key than the one that signed the proof (RFC 9449 §5)');
}

/** RFC 9449 §5: a public client's refresh tokens are bound to the key of its family's first proof. */
export const DPOP_BINDING: KeyBinding = {
  field: 'jkt',
  proven: (context) => context.dpop?.jkt,
  // A confidential client authenticates instead (RFC 9449 §5).
  binds: (context) => context.client!.type === 'public',
  missing: dpopProofMissing,
  mismatch: dpopKeyMismatch,
};
