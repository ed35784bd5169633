/** Internal: what the token endpoint's steps share (RFC 6749 §3.2). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IdpRuntime } from '../../runtime.ts';
import type { AuthorizationCode } from '../authorize/authorization-codes.ts';
import type { GrantName, OAuthClient } from '../clients/client-schema.ts';
import type { DeviceGrant } from '../device/device-grants.ts';
import type { DpopProof } from '../dpop/dpop-proofs.ts';
import type { OAuthParams } from '../params.ts';

export interface TokenResponseBody {
  access_token: string;
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

export interface TokenContext {
  rt: IdpRuntime;
  request: FastifyRequest;
  reply: FastifyReply;
  params: OAuthParams;
  client?: OAuthClient;
  grant?: GrantName;
  code?: AuthorizationCode;
  device?: DeviceGrant;
  /** Scope asked for on refresh (RFC 6749 §6) or client credentials (§4.4.2). */
  scope?: string;
  response?: TokenResponseBody;
  /** The request's DPoP proof (RFC 9449 §5), checked: the tokens issued are bound to its key. */
  dpop?: DpopProof;
  /** The app instance a client attestation vouched for (its key's thumbprint), for a client that attests. */
  attestation?: { jkt: string };
}
