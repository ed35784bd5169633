/**
 * An authorization request (`GET /oauth/authorize`, or a form `POST` without the
 * login page's `txn`, OIDC Core §3.1.2.1): validates it (RFC 6749 §4.1.1, PKCE
 * RFC 7636 §4.3, OIDC `nonce`/`prompt`) and shows the login page.
 */
import { IdpError } from '../../errors.ts';
import { quoted } from '../../http/error-description.ts';
import type { Step } from '../../http/pipeline.ts';
import { findClient } from '../clients/authenticate-client.ts';
import { redirectUriMatches } from '../clients/redirect-uri.ts';
import { sendPage } from '../pages/layout.ts';
import { loginPage } from '../pages/login-page.ts';
import { parseScope, requireScopesWithin } from '../scopes.ts';
import type { PkceMethod } from './authorization-request.ts';
import type { AuthorizeContext } from './authorize-context.ts';

/** RFC 7636 §4.1-4.2: S256 challenges are 43 base64url characters; plain ones 43-128 unreserved characters. */
const CHALLENGE_FORMAT: Record<PkceMethod, RegExp> = { S256: /^[A-Za-z0-9_-]{43}$/, plain: /^[A-Za-z0-9._~-]{43,128}$/ };

export function loadClient(context: AuthorizeContext): void {
  const id = context.params.get('client_id');
  if (id === undefined) throw new IdpError('INVALID_REQUEST', 'the request has no client_id');
  const client = findClient(context.rt.config.clients, id);
  if (!client) throw new IdpError('INVALID_CLIENT', `unknown client ${quoted(id)}`);
  context.client = client;
  context.request.ts.clientId = client.id;
}

export function resolveRedirectUri(context: AuthorizeContext): void {
  const client = context.client!;
  // The config requires a redirect URI for the authorization_code grant: a client without one may not use it,
  // and has nowhere to be sent the error (RFC 6749 §4.1.2.1), so it gets the error page.
  if (client.redirectUris.length === 0) {
    throw new IdpError('UNAUTHORIZED_CLIENT', `client "${client.id}" may not use the authorization code grant: it has no registered redirect URI`);
  }
  const presented = context.params.get('redirect_uri');
  if (presented === undefined && client.redirectUris.length !== 1) {
    throw new IdpError('INVALID_REDIRECT_URI', 'redirect_uri is required: this client has several registered redirect URIs');
  }
  const uri = presented ?? client.redirectUris[0];
  if (uri === undefined || !redirectUriMatches(client.redirectUris, uri)) {
    throw new IdpError('INVALID_REDIRECT_URI', 'redirect_uri is not registered for this client');
  }
  context.redirect = { uri, state: context.params.get('state') };
}

export function checkResponseType(context: AuthorizeContext): void {
  const responseType = context.params.get('response_type');
  if (responseType === undefined) throw new IdpError('INVALID_REQUEST', 'response_type is required');
  if (responseType !== 'code') throw new IdpError('UNSUPPORTED_RESPONSE_TYPE', `response_type ${quoted(responseType)} is not supported: use "code"`);
  if (!context.client!.grants.includes('authorization_code')) {
    throw new IdpError('UNAUTHORIZED_CLIENT', `client "${context.client!.id}" may not use the authorization code grant`);
  }
}

/** OIDC Core §6: request objects are not supported (discovery says so), and are refused rather than ignored. */
export function refuseRequestObjects(context: AuthorizeContext): void {
  if (context.params.has('request')) throw new IdpError('REQUEST_NOT_SUPPORTED', 'request objects (the request parameter) are not supported: send the parameters themselves');
  if (context.params.has('request_uri')) throw new IdpError('REQUEST_URI_NOT_SUPPORTED', 'request_uri is not supported: send the parameters themselves');
}

/** The response goes back in the query, the one mode discovery lists (`response_modes_supported`). */
export function checkResponseMode(context: AuthorizeContext): void {
  const mode = context.params.get('response_mode');
  if (mode !== undefined && mode !== 'query') throw new IdpError('INVALID_REQUEST', `response_mode ${quoted(mode)} is not supported: this IdP answers in the query (response_mode=query)`);
}

export function checkPrompt(context: AuthorizeContext): void {
  const prompt = context.params.get('prompt')?.split(' ').filter(Boolean) ?? [];
  if (!prompt.includes('none')) return;
  // OIDC Core §3.1.2.1: none with any other value is an error.
  if (prompt.length > 1) throw new IdpError('INVALID_REQUEST', `prompt ${quoted(prompt.join(' '))}: none cannot be combined with other values (OIDC Core §3.1.2.1)`);
  // The IdP keeps no browser session, so it can never authenticate silently (OIDC Core §3.1.2.6).
  throw new IdpError('LOGIN_REQUIRED', 'prompt=none: the user must sign in');
}

function resolveScope(context: AuthorizeContext): string {
  const requested = parseScope(context.params.get('scope') ?? '');
  const client = context.client!;
  if (requested.length === 0) return client.scopes.join(' ');
  return requireScopesWithin(requested, client.scopes, `allowed for client "${client.id}"`).join(' ');
}

function resolvePkce(context: AuthorizeContext): { codeChallenge?: string; codeChallengeMethod?: PkceMethod } {
  const client = context.client!;
  const challenge = context.params.get('code_challenge');
  const method = context.params.get('code_challenge_method');
  if (challenge === undefined) {
    if (method !== undefined) throw new IdpError('INVALID_REQUEST', 'code_challenge_method without code_challenge');
    if (client.type === 'public') throw new IdpError('INVALID_REQUEST', 'PKCE is required for public clients: send code_challenge with code_challenge_method=S256 (RFC 7636)');
    return {};
  }
  // RFC 7636 §4.3: the method defaults to plain.
  const resolved = method ?? 'plain';
  if (resolved !== 'S256' && resolved !== 'plain') throw new IdpError('INVALID_REQUEST', `code_challenge_method ${quoted(resolved)} is not supported: use S256`);
  if (resolved === 'plain' && !client.allowPlainPkce) {
    throw new IdpError('INVALID_REQUEST', 'code_challenge_method plain is not allowed for this client: use S256 (RFC 7636 §4.2)');
  }
  if (!CHALLENGE_FORMAT[resolved].test(challenge)) throw new IdpError('INVALID_REQUEST', `code_challenge is not a valid ${resolved} challenge (RFC 7636 §4.2)`);
  return { codeChallenge: challenge, codeChallengeMethod: resolved };
}

/** RFC 9449 §10: a JWK SHA-256 thumbprint (RFC 7638), base64url. */
const JKT_FORMAT = /^[A-Za-z0-9_-]{43}$/;

function resolveDpopJkt(context: AuthorizeContext): string | undefined {
  const jkt = context.params.get('dpop_jkt');
  if (jkt !== undefined && !JKT_FORMAT.test(jkt)) throw new IdpError('INVALID_REQUEST', 'dpop_jkt must be the SHA-256 JWK thumbprint of the DPoP key: 43 base64url characters (RFC 9449 §10)');
  return jkt;
}

export function assembleAuthorizationRequest(context: AuthorizeContext): void {
  const { params } = context;
  const scope = resolveScope(context);
  const pkce = resolvePkce(context);
  const dpopJkt = resolveDpopJkt(context);
  context.authorization = {
    clientId: context.client!.id,
    redirectUri: context.redirect!.uri,
    redirectUriGiven: params.has('redirect_uri'),
    scope,
    state: params.get('state'),
    nonce: params.get('nonce'),
    codeChallenge: pkce.codeChallenge,
    codeChallengeMethod: pkce.codeChallengeMethod,
    dpopJkt,
  };
}

export function showLoginPage(context: AuthorizeContext): void {
  const { rt, client, authorization } = context;
  context.transaction = rt.oauth.transactions.open(authorization!, rt.config.oauth.loginTtl);
  context.request.ts.outcome = 'login-page';
  sendPage(context.reply, 200, loginPage({
    transaction: context.transaction,
    clientName: client!.name ?? client!.id,
    scopes: authorization!.scope.split(' ').filter(Boolean),
  }));
}

export const AUTHORIZE_STEPS: Step<AuthorizeContext>[] = [
  loadClient,
  resolveRedirectUri,
  refuseRequestObjects,
  checkResponseType,
  checkResponseMode,
  checkPrompt,
  assembleAuthorizationRequest,
  showLoginPage,
];
