/**
 * `grant_type=refresh_token` (RFC 6749 §6): rotation in the same family store,
 * under the same rotation policy and presets, as the recipe's `/api/auth/refresh`
 * (RFC 9700 §4.14.2). A token is bound to its client; scope may only narrow.
 */
import { IdpError } from '../../errors.ts';
import type { Step } from '../../http/pipeline.ts';
import { fingerprint } from '../../tokens/fingerprint.ts';
import { requireParam } from '../params.ts';
import { parseScope, requireScopesWithin } from '../scopes.ts';
import { rotateAndRespond } from './issue-tokens.ts';
import type { TokenContext } from './token-context.ts';

export function checkRefreshTokenBinding(context: TokenContext): void {
  const { rt, request } = context;
  const token = requireParam(context.params, 'refresh_token');
  const found = rt.store.findByToken(token);
  request.ts.presentedFp = found?.record.fp ?? fingerprint(token);
  if (!found) return; // rotation reports it as unknown
  request.ts.familyId = found.family.id;
  request.ts.userId = found.family.userId;
  if (found.family.clientId !== context.client!.id) throw new IdpError('GRANT_CLIENT_MISMATCH', 'the refresh token was issued to another client');
  const requested = parseScope(context.params.get('scope') ?? '');
  if (requested.length > 0) {
    context.scope = requireScopesWithin(requested, found.family.scope.split(' '), 'granted to this refresh token (RFC 6749 §6)').join(' ');
  }
}

export async function rotateRefreshToken(context: TokenContext): Promise<void> {
  const token = context.params.get('refresh_token')!;
  context.request.ts.outcome = await rotateAndRespond(context, token, context.scope === undefined ? {} : { scope: context.scope });
}

export const REFRESH_TOKEN_STEPS: Step<TokenContext>[] = [checkRefreshTokenBinding, rotateRefreshToken];
