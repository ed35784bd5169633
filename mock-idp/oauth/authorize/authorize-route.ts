/** The authorization endpoint: `GET` (or a form `POST`) shows the login page; a `POST` with the page's `txn` is its form. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { refusedRequestsAnsweredBy } from '../../http/error-handler.ts';
import { runSteps, type Step } from '../../http/pipeline.ts';
import type { IdpRuntime } from '../../runtime.ts';
import { readOAuthParams, type OAuthParams } from '../params.ts';
import type { AuthorizeContext } from './authorize-context.ts';
import { respondToAuthorizeError } from './authorize-response.ts';
import { AUTHORIZE_STEPS } from './authorize-steps.ts';
import { LOGIN_STEPS } from './login-steps.ts';

/**
 * A POST is the login page's form when it carries the page's `txn`; without one it is an authorization
 * request sent as a form, which OIDC Core §3.1.2.1 requires the endpoint to take like a GET.
 */
function stepsOfPost(params: OAuthParams): Step<AuthorizeContext>[] {
  return params.has('txn') ? LOGIN_STEPS : AUTHORIZE_STEPS;
}

function handler(rt: IdpRuntime, stepsOf: (params: OAuthParams) => Step<AuthorizeContext>[], source: (request: FastifyRequest) => unknown) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const context: AuthorizeContext = { rt, request, reply, params: new Map() };
    try {
      context.params = readOAuthParams(source(request));
      await runSteps(stepsOf(context.params), context);
    } catch (error) {
      respondToAuthorizeError(context, error);
    }
    return reply;
  };
}

export function registerAuthorizeRoutes(app: FastifyInstance, rt: IdpRuntime): void {
  // A request Fastify refuses before the handler (a body too large, a bad Content-Type) gets the error page too.
  const options = {
    config: { group: 'authorize' },
    errorHandler: refusedRequestsAnsweredBy((error, request, reply) => respondToAuthorizeError({ rt, request, reply, params: new Map() }, error)),
  };
  app.get('/oauth/authorize', options, handler(rt, () => AUTHORIZE_STEPS, (request) => request.query));
  app.post('/oauth/authorize', options, handler(rt, stepsOfPost, (request) => request.body));
}
