/** Bearer authentication for protected routes, with least-privilege scope checks. */
import type { FastifyRequest } from 'fastify';
import { IdpError } from '../errors.ts';
import { BEARER_CHALLENGE } from '../http/challenges.ts';
import { bearerOf } from '../http/request-context.ts';
import { fingerprint } from '../tokens/fingerprint.ts';
import type { Principal, TokenService } from '../tokens/token-service.ts';

export async function authenticateRequest(request: FastifyRequest, tokens: TokenService, requiredScope?: string): Promise<Principal> {
  const bearer = bearerOf(request);
  if (!bearer) throw new IdpError('INVALID_TOKEN', 'a Bearer access token is required', { challenge: BEARER_CHALLENGE });
  request.ts.presentedFp = fingerprint(bearer);
  const principal = await tokens.authenticate(bearer);
  request.ts.userId = principal.userId;
  request.ts.familyId = principal.family.id;
  request.ts.clientId ??= principal.clientId;
  if (requiredScope) requireScope(principal, requiredScope);
  return principal;
}

/** Least privilege: a token reaches what its scope names, and no more. */
export function requireScope(principal: Principal, scope: string, call = 'this call'): void {
  if (!principal.scope.split(' ').includes(scope)) {
    throw new IdpError('INSUFFICIENT_SCOPE', `${call} needs the scope "${scope}"; this token has "${principal.scope}"`);
  }
}

/** A client_credentials token acts for its client: where a user is needed, that is said, not mistaken for a deleted user. */
export function requireUserPrincipal(principal: Principal): void {
  if (principal.family.grant === 'service') throw new IdpError('INSUFFICIENT_SCOPE', `a client_credentials token acts for the client ${principal.clientId}, not for a user`);
}

/** The user a principal acts for. */
export function userOfPrincipal<U extends { id: string }>(users: readonly U[], principal: Principal): U {
  requireUserPrincipal(principal);
  const user = users.find((candidate) => candidate.id === principal.userId);
  if (user) return user;
  throw new IdpError('INVALID_TOKEN', 'the user behind this token no longer exists');
}

/**
 * Who the bearer is, as `/api/me` and userinfo answer it: a user's token (a
 * client_credentials token is told it acts for its client) with an identity
 * scope, not one narrowed to notes or the broker.
 */
export async function authenticateIdentity<U extends { id: string }>(request: FastifyRequest, tokens: TokenService, users: readonly U[]): Promise<{ principal: Principal; user: U }> {
  const principal = await authenticateRequest(request, tokens);
  const user = userOfPrincipal(users, principal);
  requireScope(principal, 'openid');
  return { principal, user };
}
