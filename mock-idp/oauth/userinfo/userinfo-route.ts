/** `GET|POST /oauth/userinfo` (OIDC Core §5.3): claims about the user, by the scopes of the access token. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticateIdentity } from '../../resource/authenticate.ts';
import type { IdpRuntime } from '../../runtime.ts';
import { hasScope } from '../scopes.ts';

export function registerUserinfoRoute(app: FastifyInstance, rt: IdpRuntime): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const { principal, user } = await authenticateIdentity(request, reply, { tokens: rt.tokens, dpop: rt.dpop, url: rt.url }, rt.db.user);
    request.ts.outcome = 'ok';
    return {
      sub: user.id,
      ...(hasScope(principal.scope, 'profile') ? { name: user.name, preferred_username: user.username ?? user.email } : {}),
      ...(hasScope(principal.scope, 'email') ? { email: user.email, email_verified: Boolean(user.emailVerified) } : {}),
    };
  };
  app.route({ method: ['GET', 'POST'], url: '/oauth/userinfo', config: { group: 'userinfo' }, handler });
}
