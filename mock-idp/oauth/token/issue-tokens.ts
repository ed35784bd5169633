/** Builds token responses (RFC 6749 §5.1) and records what was issued (fingerprints only) for the event history. */
import type { IssuedAccessToken } from '../../tokens/access-tokens.ts';
import { locationOf } from '../../tokens/abuse-detection.ts';
import type { Family, RotationChecks } from '../../tokens/family-store.ts';
import { fingerprint } from '../../tokens/fingerprint.ts';
import type { RefreshResult } from '../../tokens/token-service.ts';
import { hasScope } from '../scopes.ts';
import { ATTESTATION_BINDING } from './attestation-binding.ts';
import { DPOP_BINDING } from './dpop-binding.ts';
import { bindFamily, boundKeyRefusal } from './key-binding.ts';

/** What a family may be bound to: the attested app instance, then the DPoP key (a request must prove both). */
const KEY_BINDINGS = [ATTESTATION_BINDING, DPOP_BINDING];
import type { TokenContext } from './token-context.ts';

/**
 * Rotates once and answers with the rotated tokens: used by every grant that starts or continues a family.
 * The access token gets `context.scope` when a check set it (a narrower scope on refresh).
 */
export async function rotateAndRespond(context: TokenContext, presented: string, options: { checks?: RotationChecks; idToken?: { nonce: string | undefined; authTime: number } } = {}): Promise<'rotated' | 'grace-reuse'> {
  const { rt, request } = context;
  const refuse = (family: Family) => options.checks?.refuse?.(family) ?? boundKeyRefusal(context, family, KEY_BINDINGS);
  const overrides = () => ({ ...(context.scope === undefined ? {} : { scope: context.scope }), ...(context.dpop ? { jkt: context.dpop.jkt } : {}) });
  const result: RefreshResult = await rt.tokens.refresh(presented, overrides, { ...options.checks, refuse, location: () => locationOf(request) });
  request.ts.presentedFp ??= result.presented?.fp ?? fingerprint(presented);
  if (result.family) {
    request.ts.familyId = result.family.id;
    request.ts.userId = result.family.userId;
  }
  // The family store speaks the recipe's `/api/auth/refresh`, which answers 401; the token endpoint answers 400 (RFC 6749 §5.2).
  if (!result.ok) throw result.error.withStatus(400);
  bindFamily(context, result.family, KEY_BINDINGS);
  request.ts.issuedFps = { access: result.access.fp, refresh: result.issued.fp };
  request.ts.detail = { ...request.ts.detail, generation: result.issued.generation };
  const withRefresh = context.client!.grants.includes('refresh_token');
  context.response = {
    ...(await accessResponse(context, result.family, result.access, context.scope ?? result.family.scope, options.idToken)),
    ...(withRefresh ? { refresh_token: result.refreshToken } : {}),
  };
  return result.kind;
}

export async function accessResponse(context: TokenContext, family: Family, access: IssuedAccessToken, scope: string, idToken?: { nonce: string | undefined; authTime: number }) {
  const { rt } = context;
  const body = { access_token: access.token, token_type: access.jkt === undefined ? 'Bearer' as const : 'DPoP' as const, expires_in: access.expiresIn, scope };
  if (!idToken || !hasScope(scope, 'openid')) return body;
  const user = rt.db.user.find((candidate) => candidate.id === family.userId);
  const id_token = await rt.oauth.keySet.signIdToken({
    sub: family.userId,
    aud: family.clientId,
    sid: family.id,
    authTime: idToken.authTime,
    nonce: idToken.nonce,
    ttlMs: rt.config.lifetimes.accessTokenTtl,
    alg: context.client?.idTokenSignedResponseAlg,
    extra: user && hasScope(scope, 'email') ? { email: user.email, email_verified: Boolean(user.emailVerified) } : {},
  });
  rt.ledger.rememberToken(id_token);
  return { ...body, id_token };
}

export function sendTokenResponse(context: TokenContext): void {
  // RFC 6749 §5.1: token responses must not be cached.
  context.reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(context.response);
}
