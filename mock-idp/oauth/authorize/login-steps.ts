/**
 * `POST /oauth/authorize`: the login page's form. Cancel sends the client
 * `error=access_denied`; a good sign-in sends it a single-use code.
 */
import { IdpError } from '../../errors.ts';
import type { Step } from '../../http/pipeline.ts';
import { findClient } from '../clients/authenticate-client.ts';
import { signInFromPage } from '../login/sign-in-user.ts';
import type { AuthorizeContext } from './authorize-context.ts';
import { redirectToClient } from './authorize-response.ts';

/** Claims the page's transaction before any await: one page, one sign-in, however many times it is posted at once. */
export function loadLoginTransaction(context: AuthorizeContext): void {
  const id = context.params.get('txn');
  const authorization = id === undefined ? undefined : context.rt.oauth.transactions.claim(id);
  const client = authorization && findClient(context.rt.config.clients, authorization.clientId);
  if (!authorization || !client) {
    // Claimed, but its client left the config since the page was shown: the page can never work.
    if (authorization) context.rt.oauth.transactions.close(id!);
    throw new IdpError('LOGIN_TRANSACTION_INVALID', 'this sign-in page expired or was already used: start again from the application');
  }
  context.transaction = id;
  context.authorization = authorization;
  context.client = client;
  context.request.ts.clientId = client.id;
  context.redirect = { uri: authorization.redirectUri, state: authorization.state };
}

export function honourCancel(context: AuthorizeContext): void {
  if (context.params.get('action') !== 'deny') return;
  context.rt.oauth.transactions.close(context.transaction!);
  throw new IdpError('ACCESS_DENIED', 'the user cancelled the sign-in');
}

export async function signInFromForm(context: AuthorizeContext): Promise<void> {
  const { rt, transaction } = context;
  context.signedIn = await signInFromPage(rt, context.params, context.authorization!, () => rt.oauth.transactions.release(transaction!));
  context.request.ts.userId = context.signedIn.userId;
  context.request.ts.familyId = context.signedIn.family.id;
}

export function issueAuthorizationCode(context: AuthorizeContext): void {
  const { rt, authorization, signedIn } = context;
  rt.oauth.transactions.close(context.transaction!);
  const { state: _state, ...grant } = authorization!;
  const { code, record } = rt.oauth.codes.issue(
    { ...grant, familyId: signedIn!.family.id, userId: signedIn!.userId, authTime: signedIn!.authTime },
    rt.config.oauth.authorizationCodeTtl,
  );
  rt.ledger.rememberToken(code);
  context.request.ts.outcome = 'code-issued';
  context.request.ts.detail = { codeFp: record.fp };
  redirectToClient(context, { code });
}

export const LOGIN_STEPS: Step<AuthorizeContext>[] = [loadLoginTransaction, honourCancel, signInFromForm, issueAuthorizationCode];
