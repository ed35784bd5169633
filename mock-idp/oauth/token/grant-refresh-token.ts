/**
 * `grant_type=refresh_token` (RFC 6749 §6): rotation in the same family store,
 * under the same rotation policy and presets, as the recipe's `/api/auth/refresh`
 * (RFC 9700 §4.14.2). A token is bound to its client; scope may only narrow.
 *
 * Order matters: another client's token is answered exactly as an unknown one
 * and touches nothing (RFC 6749 §10.4: it is not that client's to use, and the
 * answer must not confirm it is valid); then reuse detection; only then what the
 * request asks for (a scope), so a replayed token is reuse whatever it asks.
 */
import { IdpError, isIdpError } from '../../errors.ts';
import type { Step } from '../../http/pipeline.ts';
import { UNKNOWN_REFRESH_TOKEN, type Family } from '../../tokens/family-store.ts';
import { requireParam } from '../params.ts';
import { parseScope, requireScopesWithin } from '../scopes.ts';
import { rotateAndRespond } from './issue-tokens.ts';
import type { TokenContext } from './token-context.ts';

/** RFC 6749 §6: the client the token was issued to, and no other. */
export function otherClientsTokenRefused(context: TokenContext) {
  return (family: Family): IdpError | undefined =>
    family.clientId === context.client!.id ? undefined : new IdpError('REFRESH_TOKEN_UNKNOWN', UNKNOWN_REFRESH_TOKEN, { outcome: 'grant-client-mismatch' });
}

/** RFC 6749 §6: `scope` may name only scopes of the grant; the new access token gets it, the family keeps its grant. */
export function narrowedScopeAdmitted(context: TokenContext) {
  return (family: Family): IdpError | undefined => {
    try {
      const requested = parseScope(context.params.get('scope') ?? '');
      if (requested.length > 0) context.scope = requireScopesWithin(requested, family.scope.split(' '), 'granted to this refresh token (RFC 6749 §6)').join(' ');
      return undefined;
    } catch (error) {
      if (isIdpError(error)) return error;
      throw error;
    }
  };
}

export async function rotateRefreshToken(context: TokenContext): Promise<void> {
  const token = requireParam(context.params, 'refresh_token');
  const checks = { refuse: otherClientsTokenRefused(context), admit: narrowedScopeAdmitted(context) };
  context.request.ts.outcome = await rotateAndRespond(context, token, { checks });
}

export const REFRESH_TOKEN_STEPS: Step<TokenContext>[] = [rotateRefreshToken];
