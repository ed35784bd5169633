/**
 * `POST /oauth/revoke` (RFC 7009): really revokes. An access token is refused
 * from then on by the resource API; a refresh token takes its whole family —
 * every refresh and access token of the grant, and the session — with it
 * (§2.1). Unknown, expired or already revoked tokens answer 200 (§2.2).
 */
import type { FastifyInstance } from 'fastify';
import { IdpError } from '../../errors.ts';
import { runSteps, type Step } from '../../http/pipeline.ts';
import type { IdpRuntime } from '../../runtime.ts';
import { clientOfLookup, revokeLookup } from '../lookup-token.ts';
import { authenticateCallingClient, findToken, readParams, type TokenRequestContext } from '../token-request-steps.ts';

type RevocationContext = TokenRequestContext;

function checkTokenOwner(context: RevocationContext): void {
  const owner = clientOfLookup(context.lookup!);
  // §2.1: the server verifies the token was issued to the client asking for its revocation.
  if (owner !== undefined && owner !== context.client!.id) throw new IdpError('UNAUTHORIZED_CLIENT', 'the token was not issued to this client');
}

function revokeToken(context: RevocationContext): void {
  const { rt, lookup, request } = context;
  if (lookup!.kind === 'access') request.ts.familyId = lookup!.principal.family.id;
  if (lookup!.kind === 'refresh') request.ts.familyId = lookup!.family.id;
  const revoked = revokeLookup(rt, lookup!, 'revoked-by-client');
  request.ts.outcome = revoked ? 'revoked' : 'revoke-noop';
  request.ts.detail = { kind: lookup!.kind };
  context.reply.header('cache-control', 'no-store').code(200).send();
}

const REVOCATION_STEPS: Step<RevocationContext>[] = [readParams, authenticateCallingClient, findToken, checkTokenOwner, revokeToken];

export function registerRevocationRoute(app: FastifyInstance, rt: IdpRuntime): void {
  app.post('/oauth/revoke', { config: { group: 'revoke' } }, async (request, reply) => {
    await runSteps(REVOCATION_STEPS, { rt, request, reply, params: new Map() });
    return reply;
  });
}
