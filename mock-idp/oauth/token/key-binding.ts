/**
 * Sign-ins bound to a key the client holds: a DPoP key (RFC 9449 §5) or an
 * attested app instance's key (client attestation). A family is bound at its
 * first token request that proved such a key; a later request that does not
 * prove the same key is refused before anything is spent — not even reuse
 * detection runs, so a thief's try harms nobody.
 */
import type { IdpError } from '../../errors.ts';
import type { Family } from '../../tokens/family-store.ts';
import type { TokenContext } from './token-context.ts';

export interface KeyBinding {
  /** The family's field that holds the bound key's thumbprint. */
  field: 'jkt' | 'instanceJkt';
  /** The key this request proved, if any. */
  proven(context: TokenContext): string | undefined;
  /** Whether this request's family is bound at all (a confidential client's DPoP key is not: it authenticates). */
  binds(context: TokenContext): boolean;
  missing(): IdpError;
  mismatch(): IdpError;
}

/** A refusal for a family bound by `binding` to a key this request did not prove; undefined when it did. */
export function boundKeyRefusal(context: TokenContext, family: Family, binding: KeyBinding): IdpError | undefined {
  const bound = family[binding.field];
  if (bound === undefined) return undefined;
  const proven = binding.proven(context);
  if (proven === bound) return undefined;
  return proven === undefined ? binding.missing() : binding.mismatch();
}

/** After a rotation: the family is bound to the key its request proved, if it was not yet. */
export function bindFamily(context: TokenContext, family: Family, binding: KeyBinding): void {
  const proven = binding.proven(context);
  if (proven !== undefined && family[binding.field] === undefined && binding.binds(context)) family[binding.field] = proven;
}
