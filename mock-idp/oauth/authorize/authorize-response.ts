/**
 * How the authorization endpoint answers: a redirect to the client carrying
 * `code` or `error`, plus `state` as given and `iss` (RFC 9207); or, when the
 * client or redirect URI cannot be trusted, an error page and no redirect.
 */
import type { FastifyReply } from 'fastify';
import { isIdpError } from '../../errors.ts';
import { toErrorDescription } from '../../http/error-description.ts';
import { outcomeOfCode } from '../../http/error-handler.ts';
import { errorPage, sendPage } from '../pages/layout.ts';
import { loginPage } from '../pages/login-page.ts';
import type { AuthorizeContext } from './authorize-context.ts';

export function redirectToClient(context: AuthorizeContext, result: Record<string, string>): FastifyReply {
  const { uri, state } = context.redirect!;
  const location = new URL(uri);
  for (const [name, value] of Object.entries(result)) location.searchParams.set(name, value);
  if (state !== undefined) location.searchParams.set('state', state);
  location.searchParams.set('iss', context.rt.url());
  // 303: the browser follows a POSTed login form with a GET (RFC 9700 §4.11).
  return context.reply.code(303).header('location', location.href).header('cache-control', 'no-store').send();
}

export function respondToAuthorizeError(context: AuthorizeContext, error: unknown): FastifyReply {
  if (!isIdpError(error)) throw error;
  context.request.ts.outcome = outcomeOfCode(error.code);
  const { reply } = context;
  if (error.code === 'LOGIN_FAILED' && context.transaction && context.client && context.authorization) {
    return sendPage(reply, 401, loginPage({
      transaction: context.transaction,
      clientName: context.client.name ?? context.client.id,
      scopes: context.authorization.scope.split(' ').filter(Boolean),
      login: context.params.get('email') ?? '',
      error: 'Wrong email, username or password.',
    }));
  }
  if (context.redirect) return redirectToClient(context, { error: error.oauthError, error_description: toErrorDescription(error.message) });
  return sendPage(reply, 400, errorPage('This sign-in request cannot continue', error.oauthError, error.message));
}
