/**
 * Mounts the OAuth 2.x / OIDC surface in its own encapsulated plugin, so the
 * form-body parser (RFC 6749 §3.2: `application/x-www-form-urlencoded`) applies
 * to these routes only. The root's event and fault hooks still cover them
 * through each route's `config.group`; errors get the root's error handler,
 * set up so that a request Fastify refuses itself is 400 here.
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { createErrorHandler } from '../http/error-handler.ts';
import type { IdpRuntime } from '../runtime.ts';
import { registerChallengeRoute } from './attestation/challenge-route.ts';
import { registerAuthorizeRoutes } from './authorize/authorize-route.ts';
import { registerDevicePageRoutes } from './device/device-page-route.ts';
import { registerDeviceAuthorizationRoute } from './device/device-authorization-route.ts';
import { registerDiscoveryRoutes } from './discovery/discovery-routes.ts';
import { registerIntrospectionRoute } from './introspection/introspection-route.ts';
import { registerRevocationRoute } from './revocation/revocation-route.ts';
import { registerTokenRoute } from './token/token-route.ts';
import { registerUserinfoRoute } from './userinfo/userinfo-route.ts';
import { parseJsonParams, unsupportedBody } from './params.ts';

export function registerOAuthRoutes(app: FastifyInstance, rt: IdpRuntime): void {
  app.register(async (oauth) => {
    await oauth.register(formbody);
    // RFC 6749 §5.2: a body too large or an unreadable Content-Type is a malformed request like any other, 400 invalid_request.
    oauth.setErrorHandler(createErrorHandler({ refusedRequestStatus: 400 }));
    // Broken JSON, or any other body type, is a malformed OAuth request that each route answers in its own
    // form (a JSON error, or a page for a person) — not Fastify's generic 400 or 415.
    oauth.removeContentTypeParser(['application/json', 'text/plain']);
    oauth.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, parseJsonParams(body as string)));
    oauth.addContentTypeParser('*', { parseAs: 'buffer' }, (request, _body, done) => done(null, unsupportedBody(request.headers['content-type'])));
    registerDiscoveryRoutes(oauth, rt);
    registerAuthorizeRoutes(oauth, rt);
    registerTokenRoute(oauth, rt);
    registerChallengeRoute(oauth, rt);
    registerDeviceAuthorizationRoute(oauth, rt);
    registerDevicePageRoutes(oauth, rt);
    registerRevocationRoute(oauth, rt);
    registerIntrospectionRoute(oauth, rt);
    registerUserinfoRoute(oauth, rt);
  });
}
