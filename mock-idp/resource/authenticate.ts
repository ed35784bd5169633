/** Bearer authentication for protected routes, with least-privilege scope checks. */
import type { FastifyRequest } from 'fastify';
import { IdpError } from '../errors.ts';
import { bearerOf } from '../http/request-context.ts';
import { fingerprint } from '../tokens/fingerprint.ts';
import type { Principal, TokenService } from '../tokens/token-service.ts';

export async function authenticateRequest(request: FastifyRequest, tokens: TokenService, requiredScope?: string): Promise<Principal> {
  const bearer = bearerOf(request);
  if (!bearer) throw new IdpError('INVALID_TOKEN', 'a Bearer access token is required');
  request.ts.presentedFp = fingerprint(bearer);
  const principal = await tokens.authenticate(bearer);
  request.ts.userId = principal.userId;
  request.ts.familyId = principal.family.id;
  request.ts.clientId ??= principal.clientId;
  if (requiredScope && !principal.scope.split(' ').includes(requiredScope)) {
    throw new IdpError('INSUFFICIENT_SCOPE', `this call needs the scope "${requiredScope}"`);
  }
  return principal;
}

/** The user a principal acts for; a client_credentials token acts for its client, and that is said, not mistaken for a deleted user. */
export function userOfPrincipal<U extends { id: string }>(users: readonly U[], principal: Principal): U {
  const user = users.find((candidate) => candidate.id === principal.userId);
  if (user) return user;
  if (principal.userId.startsWith('client:')) throw new IdpError('INSUFFICIENT_SCOPE', `a client_credentials token acts for the client ${principal.clientId}, not for a user`);
  throw new IdpError('INVALID_TOKEN', 'the user behind this token no longer exists');
}
