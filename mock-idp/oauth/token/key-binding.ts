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

/** `C`: the request's context — the token endpoint's, or the recipe's refresh endpoint's. */
export interface KeyBinding<C = TokenContext> {
  /** The family's field that holds the bound key's thumbprint. */
  field: 'jkt' | 'instanceJkt';
  /** The key this request proved, if any. */
  proven(context: C): string | undefined;
  /** Whether this request's family is bound at all (a confidential client's DPoP key is not: it authenticates). */
  binds(context: C): boolean;
  missing(): IdpError;
  mismatch(): IdpError;
}

/** The first refusal of a family bound by one of `bindings` to a key this request did not prove; undefined when it proved them all. */
export function boundKeyRefusal<C>(context: C, family: Family, bindings: readonly KeyBinding<C>[]): IdpError | undefined {
  for (const binding of bindings) {
    const bound = family[binding.field];
    if (bound === undefined) continue;
    const proven = binding.proven(context);
    if (proven !== bound) return proven === undefined ? binding.missing() : binding.mismatch();
  }
  return undefined;
}

/** After a rotation: the family is bound to each key its request proved, where it was not yet. */
export function bindFamily<C>(context: C, family: Family, bindings: readonly KeyBinding<C>[]): void {
  for (const binding of bindings) {
    const proven = binding.proven(context);
    if (proven !== undefined && family[binding.field] === undefined && binding.binds(context)) family[binding.field] = proven;
  }
}
