/** The authorization endpoint: `GET /oauth/authorize` shows the login page, `POST` receives its form. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { refusedRequestsAnsweredBy } from '../../http/error-handler.ts';
import { runSteps, type Step } from '../../http/pipeline.ts';
import type { IdpRuntime } from '../../runtime.ts';
import { readOAuthParams } from '../params.ts';
import type { AuthorizeContext } from './authorize-context.ts';
import { respondToAuthorizeError } from './authorize-response.ts';
import { AUTHORIZE_STEPS } from './authorize-steps.ts';
import { LOGIN_STEPS } from './login-steps.ts';

function handler(rt: IdpRuntime, steps: Step<AuthorizeContext>[], source: (request: FastifyRequest) => unknown) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const context: AuthorizeContext = { rt, request, reply, params: new Map() };
    try {
      context.params = readOAuthParams(source(request));
      await runSteps(steps, context);
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
  app.get('/oauth/authorize', options, handler(rt, AUTHORIZE_STEPS, (request) => request.query));
  app.post('/oauth/authorize', options, handler(rt, LOGIN_STEPS, (request) => request.body));
}
