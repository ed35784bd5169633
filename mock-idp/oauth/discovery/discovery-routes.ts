/**
 * OIDC discovery (`/.well-known/openid-configuration`), the same document as
 * OAuth server metadata (RFC 8414, `/.well-known/oauth-authorization-server`),
 * and the JWKS. Built from tokenstorm's own endpoints and keys rather than
 * oauth2-mock-server's discovery handler, which advertises its own server's
 * endpoints, RS256 and `none` only.
 */
import type { FastifyInstance } from 'fastify';
import type { IdpRuntime } from '../../runtime.ts';
import { ATTESTATION_ALG, POP_ALGORITHMS } from '../attestation/client-attestation.ts';
import { GRANT_TYPES } from '../clients/client-schema.ts';
import { SIGNING_ALGORITHMS } from '../../tokens/signing-keys.ts';

const CLIENT_AUTH_METHODS = ['none', 'client_secret_basic', 'client_secret_post'];

export function discoveryDocument(rt: IdpRuntime) {
  const issuer = rt.url();
  const clients = rt.config.clients;
  const scopes = [...new Set(clients.flatMap((client) => client.scopes))];
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    // draft-ietf-oauth-attestation-based-client-auth: where an attesting client gets the challenge its PoP carries.
    challenge_endpoint: `${issuer}/oauth/challenge`,
    device_authorization_endpoint: `${issuer}/oauth/device_authorization`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    userinfo_endpoint: `${issuer}/oauth/userinfo`,
    jwks_uri: `${issuer}/oauth/jwks`,
    scopes_supported: scopes,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: Object.values(GRANT_TYPES),
    code_challenge_methods_supported: clients.some((client) => client.allowPlainPkce) ? ['S256', 'plain'] : ['S256'],
    // Client attestation authenticates at the token endpoint only (draft-ietf-oauth-attestation-based-client-auth).
    token_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS, 'attest_jwt_client_auth'],
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    subject_types_supported: ['public'],
    // Any client may ask for any of them (`idTokenSignedResponseAlg`); RS256 is among them, as OIDC Discovery requires.
    id_token_signing_alg_values_supported: SIGNING_ALGORITHMS,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'sid', 'name', 'preferred_username', 'email', 'email_verified'],
    prompt_values_supported: ['login', 'consent', 'none'],
    // OIDC Discovery: request_uri_parameter_supported defaults to true, so both are said outright.
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    // RFC 9207: the authorization response carries `iss`, against mix-up attacks.
    authorization_response_iss_parameter_supported: true,
    // RFC 9449 §5.1: DPoP proofs accepted at the token endpoint and the resource API.
    dpop_signing_alg_values_supported: rt.config.dpop.algorithms,
    client_attestation_signing_alg_values_supported: [ATTESTATION_ALG],
    client_attestation_pop_signing_alg_values_supported: POP_ALGORITHMS,
  };
}

export function registerDiscoveryRoutes(app: FastifyInstance, rt: IdpRuntime): void {
  const config = { group: 'discovery' };
  const answer = async (request: { ts: { outcome: string | undefined } }) => {
    request.ts.outcome = 'ok';
    return discoveryDocument(rt);
  };
  app.get('/.well-known/openid-configuration', { config }, answer);
  app.get('/.well-known/oauth-authorization-server', { config }, answer);
  app.get('/oauth/jwks', { config }, async (request, reply) => {
    request.ts.outcome = 'ok';
    return reply.header('content-type', 'application/jwk-set+json').send(rt.oauth.keySet.jwks());
  });
}
