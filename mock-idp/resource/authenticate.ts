/**
 * Access-token authentication for protected routes — Bearer (RFC 6750), or DPoP
 * (RFC 9449 §7) for a token bound to a key — with least-privilege scope checks.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdpError, isIdpError } from '../errors.ts';
import { BEARER_CHALLENGE, dpopChallenge } from '../http/challenges.ts';
import { credentialsOf } from '../http/request-context.ts';
import { requestProof, type DpopVerifier } from '../oauth/dpop/dpop-proofs.ts';
import { fingerprint } from '../tokens/fingerprint.ts';
import type { Principal, TokenService } from '../tokens/token-service.ts';

/** What a protected route needs to authenticate a request. */
export interface ResourceAuth {
  tokens: TokenService;
  dpop: DpopVerifier;
  /** The IdP's URL: what a DPoP proof's `htu` is checked against when the request names no usable Host. */
  url: () => string;
}

export async function authenticateRequest(request: FastifyRequest, reply: FastifyReply, auth: ResourceAuth, requiredScope?: string): Promise<Principal> {
  const credentials = credentialsOf(request);
  if (!credentials) throw new IdpError('INVALID_TOKEN', 'an access token is required (Authorization: Bearer, or DPoP with a DPoP proof)', { challenge: BEARER_CHALLENGE });
  request.ts.presentedFp = fingerprint(credentials.token);
  const principal = credentials.scheme === 'dpop'
    ? await authenticateDpop(request, reply, auth, credentials.token)
    : await authenticateBearer(auth, credentials.token);
  request.ts.userId = principal.userId;
  request.ts.familyId = principal.family.id;
  request.ts.clientId ??= principal.clientId;
  if (requiredScope) requireScope(principal, requiredScope);
  return principal;
}

async function authenticateBearer(auth: ResourceAuth, token: string): Promise<Principal> {
  const principal = await auth.tokens.authenticate(token);
  refuseBoundAsBearer(principal, auth.dpop.algorithms());
  return principal;
}

/** RFC 9449 §7.2: a DPoP-bound token sent as a bearer token is refused, or DPoP would protect nothing. */
export function refuseBoundAsBearer(principal: Principal, algorithms: readonly string[], where = 'send it as Authorization: DPoP, with a DPoP proof signed by that key'): void {
  if (principal.jkt === undefined) return;
  const message = `this access token is bound to a DPoP key: ${where}`;
  throw new IdpError('INVALID_TOKEN', message, { challenge: dpopChallenge(algorithms, 'invalid_token', message) });
}

async function authenticateDpop(request: FastifyRequest, reply: FastifyReply, auth: ResourceAuth, token: string): Promise<Principal> {
  const { dpop } = auth;
  // Every refusal of a DPoP request is a 401 with a DPoP challenge (RFC 9449 §7.1), whatever its error.
  const refused = (error: IdpError) => error.withStatus(401).withChallenge(dpopChallenge(dpop.algorithms(), error.oauthError, error.message));
  try {
    const proof = await requestProof(dpop, request, reply, auth.url(), 'resource', token);
    if (!proof) throw new IdpError('INVALID_DPOP_PROOF', 'Authorization: DPoP needs a DPoP header with a proof of the key the token is bound to');
    const principal = await auth.tokens.authenticate(token);
    if (principal.jkt === undefined) throw new IdpError('INVALID_TOKEN', 'this access token is not bound to a DPoP key: send it as Authorization: Bearer');
    if (principal.jkt !== proof.jkt) throw new IdpError('INVALID_DPOP_PROOF', 'the DPoP proof is signed by another key than the one the access token is bound to (cnf.jkt)');
    return principal;
  } catch (error) {
    throw isIdpError(error) && error.statusCode < 403 ? refused(error) : error;
  }
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
export async function authenticateIdentity<U extends { id: string }>(request: FastifyRequest, reply: FastifyReply, auth: ResourceAuth, users: readonly U[]): Promise<{ principal: Principal; user: U }> {
  const principal = await authenticateRequest(request, reply, auth);
  const user = userOfPrincipal(users, principal);
  requireScope(principal, 'openid');
  return { principal, user };
}
