/**
 * The steps revocation (RFC 7009) and introspection (RFC 7662) share: read the
 * form, authenticate the calling client, find the token it names.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IdpRuntime } from '../runtime.ts';
import { fingerprint } from '../tokens/fingerprint.ts';
import { authenticateClient } from './clients/authenticate-client.ts';
import type { OAuthClient } from './clients/client-schema.ts';
import { lookupToken, type TokenLookup } from './lookup-token.ts';
import { readOAuthParams, requireParam, type OAuthParams } from './params.ts';

export interface TokenRequestContext {
  rt: IdpRuntime;
  request: FastifyRequest;
  reply: FastifyReply;
  params: OAuthParams;
  client?: OAuthClient;
  lookup?: TokenLookup;
}

export function readParams(context: TokenRequestContext): void {
  context.params = readOAuthParams(context.request.body);
}

export function authenticateCallingClient(context: TokenRequestContext): void {
  context.client = authenticateClient(context.rt.config.clients, context.request, context.params).client;
  context.request.ts.clientId = context.client.id;
}

export async function findToken(context: TokenRequestContext): Promise<void> {
  const token = requireParam(context.params, 'token');
  context.request.ts.presentedFp = fingerprint(token);
  context.lookup = await lookupToken(context.rt, token);
}
