/**
 * `POST /oauth/revoke` (RFC 7009): really revokes. An access token is refused
 * from then on by the resource API; a refresh token takes its whole family —
 * every refresh and access token of the grant, and the session — with it
 * (§2.1). Unknown, expired or already revoked tokens answer 200 (§2.2).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IdpError } from '../../errors.ts';
import { runSteps, type Step } from '../../http/pipeline.ts';
import type { IdpRuntime } from '../../runtime.ts';
import { fingerprint } from '../../tokens/fingerprint.ts';
import { authenticateClient } from '../clients/authenticate-client.ts';
import type { OAuthClient } from '../clients/client-schema.ts';
import { clientOfLookup, lookupToken, type TokenLookup } from '../lookup-token.ts';
import { readOAuthParams, requireParam, type OAuthParams } from '../params.ts';

interface RevocationContext {
  rt: IdpRuntime;
  request: FastifyRequest;
  reply: FastifyReply;
  params: OAuthParams;
  client?: OAuthClient;
  lookup?: TokenLookup;
}

function readParams(context: RevocationContext): void {
  context.params = readOAuthParams(context.request.body);
}

function authenticateRevokingClient(context: RevocationContext): void {
  context.client = authenticateClient(context.rt.config.clients, context.request, context.reply, context.params).client;
  context.request.ts.clientId = context.client.id;
}

async function findToken(context: RevocationContext): Promise<void> {
  const token = requireParam(context.params, 'token');
  context.request.ts.presentedFp = fingerprint(token);
  context.lookup = await lookupToken(context.rt, token);
}

function checkTokenOwner(context: RevocationContext): void {
  const owner = clientOfLookup(context.lookup!);
  // §2.1: the server verifies the token was issued to the client asking for its revocation.
  if (owner !== undefined && owner !== context.client!.id) throw new IdpError('UNAUTHORIZED_CLIENT', 'the token was not issued to this client');
}

function revokeToken(context: RevocationContext): void {
  const { rt, lookup, request } = context;
  let revoked = false;
  switch (lookup!.kind) {
    case 'access':
      revoked = rt.ledger.revokeJti(lookup!.jti);
      request.ts.familyId = lookup!.principal.family.id;
      break;
    case 'refresh':
      revoked = rt.store.revokeFamily(lookup!.family.id, 'revoked-by-client');
      request.ts.familyId = lookup!.family.id;
      break;
    case 'telemetry':
      revoked = !lookup!.record.revoked;
      lookup!.record.revoked = true;
      break;
    case 'unknown':
      break;
  }
  request.ts.outcome = revoked ? 'revoked' : 'revoke-noop';
  request.ts.detail = { kind: lookup!.kind };
  context.reply.header('cache-control', 'no-store').code(200).send();
}

const REVOCATION_STEPS: Step<RevocationContext>[] = [readParams, authenticateRevokingClient, findToken, checkTokenOwner, revokeToken];

export function registerRevocationRoute(app: FastifyInstance, rt: IdpRuntime): void {
  app.post('/oauth/revoke', { config: { group: 'revoke' } }, async (request, reply) => {
    await runSteps(REVOCATION_STEPS, { rt, request, reply, params: new Map() });
    return reply;
  });
}
