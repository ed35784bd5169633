/**
 * `grant_type=client_credentials` (RFC 6749 §4.4): a confidential client acting
 * for itself. Its access tokens belong to one service family per client (so
 * revocation and "expire now" work as for users); no refresh token (§4.4.3).
 */
import type { Step } from '../../http/pipeline.ts';
import { opaqueToken } from '../../tokens/fingerprint.ts';
import { parseScope, requireScopesWithin } from '../scopes.ts';
import { accessResponse } from './issue-tokens.ts';
import type { TokenContext } from './token-context.ts';

/** Scopes that only make sense for a user. */
const USER_ONLY_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

export function resolveServiceScope(context: TokenContext): void {
  const client = context.client!;
  const allowed = client.scopes.filter((scope) => !USER_ONLY_SCOPES.has(scope));
  const requested = parseScope(context.params.get('scope') ?? '');
  context.scope = (requested.length > 0 ? requireScopesWithin(requested, allowed, `available to client "${client.id}" without a user`) : allowed).join(' ');
}

export async function issueServiceToken(context: TokenContext): Promise<void> {
  const { rt, request } = context;
  const client = context.client!;
  const knownId = rt.oauth.serviceFamilies.get(client.id);
  const known = knownId === undefined ? undefined : rt.store.get(knownId);
  const family = known && rt.store.isLive(known)
    ? known
    : rt.store.adopt({ sessionToken: opaqueToken('svc'), userId: `client:${client.id}`, clientId: client.id, scope: context.scope!, grant: 'service' });
  rt.oauth.serviceFamilies.set(client.id, family.id);
  family.lastUsedAt = rt.clock.now();
  const access = await rt.tokens.issueAccess(family, { scope: context.scope!, ...(context.dpop ? { jkt: context.dpop.jkt } : {}) });
  request.ts.familyId = family.id;
  request.ts.issuedFps = { access: access.fp };
  request.ts.outcome = 'client-credentials';
  context.response = await accessResponse(context, family, access, context.scope!);
}

export const CLIENT_CREDENTIALS_STEPS: Step<TokenContext>[] = [resolveServiceScope, issueServiceToken];
