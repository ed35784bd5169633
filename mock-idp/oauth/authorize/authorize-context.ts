/** Internal: what the authorization endpoint's steps share (RFC 6749 §4.1.1, §4.1.2). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IdpRuntime } from '../../runtime.ts';
import type { OAuthClient } from '../clients/client-schema.ts';
import type { SignedIn } from '../login/sign-in-user.ts';
import type { OAuthParams } from '../params.ts';
import type { AuthorizationRequest } from './authorization-request.ts';

export interface AuthorizeContext {
  rt: IdpRuntime;
  request: FastifyRequest;
  reply: FastifyReply;
  params: OAuthParams;
  client?: OAuthClient;
  /**
   * Set once the client and its redirect URI are trusted. Before that an error
   * is a page in the browser; after it, errors go back to the client
   * (RFC 6749 §4.1.2.1: never redirect to an unverified URI).
   */
  redirect?: { uri: string; state: string | undefined };
  authorization?: AuthorizationRequest;
  /** The login transaction the page's form posts back. */
  transaction?: string;
  signedIn?: SignedIn;
}
