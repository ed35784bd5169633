/**
 * Client authentication at the token, device authorization, revocation and
 * introspection endpoints (RFC 6749 §2.3): `client_secret_basic` or
 * `client_secret_post` for confidential clients, `none` (just `client_id`)
 * for public ones. Exactly one method per request.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { IdpError } from '../../errors.ts';
import { quoted } from '../../http/error-description.ts';
import { tokenHash } from '../../tokens/fingerprint.ts';
import type { OAuthParams } from '../params.ts';
import type { OAuthClient } from './client-schema.ts';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface AuthenticatedClient {
  client: OAuthClient;
  method: ClientAuthMethod;
}

export function findClient(clients: readonly OAuthClient[], id: string | undefined): OAuthClient | undefined {
  return id === undefined ? undefined : clients.find((client) => client.id === id);
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding. */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}

function readBasic(header: string): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const id = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  return id === undefined || secret === undefined ? undefined : { id, secret };
}

function secretsEqual(expected: string, presented: string): boolean {
  return timingSafeEqual(Buffer.from(tokenHash(expected)), Buffer.from(tokenHash(presented)));
}

/** A failure is `401 invalid_client`; the error handler adds the Basic challenge every 401 needs (RFC 6749 §5.2, RFC 9110 §15.5.2). */
export function authenticateClient(clients: readonly OAuthClient[], request: FastifyRequest, params: OAuthParams): AuthenticatedClient {
  const header = request.headers.authorization;
  // `Basic` with no credentials after it is still the Basic scheme: a malformed one.
  const usesBasic = typeof header === 'string' && /^Basic(?:\s|$)/i.test(header);
  const refuse = (message: string): IdpError => new IdpError('INVALID_CLIENT', message);

  if (usesBasic) {
    if (params.has('client_secret')) throw new IdpError('INVALID_REQUEST', 'use one client authentication method, not both client_secret_basic and client_secret_post');
    const basic = readBasic(header);
    if (!basic) throw refuse('the Basic Authorization header is malformed');
    if (params.has('client_id') && params.get('client_id') !== basic.id) throw new IdpError('INVALID_REQUEST', 'client_id differs from the authenticated client');
    const client = findClient(clients, basic.id);
    if (!client || client.type !== 'confidential' || !secretsEqual(client.secret!, basic.secret)) throw refuse('client authentication failed');
    return { client, method: 'client_secret_basic' };
  }

  const id = params.get('client_id');
  if (id === undefined) throw refuse('client authentication is required: send client_id (public clients) or client credentials');
  const client = findClient(clients, id);
  if (!client) throw refuse(`unknown client ${quoted(id)}`);
  const secret = params.get('client_secret');
  if (client.type === 'public') {
    if (secret !== undefined) throw refuse('a public client has no secret to send');
    return { client, method: 'none' };
  }
  if (secret === undefined || !secretsEqual(client.secret!, secret)) throw refuse('client authentication failed');
  return { client, method: 'client_secret_post' };
}
