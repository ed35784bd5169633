/**
 * `POST /oauth/challenge` (route group `token`): the authorization server's
 * challenge endpoint (`challenge_endpoint` in draft-ietf-oauth-attestation-based-client-auth)
 * — the challenge a client attestation PoP carries in its `challenge` claim,
 * so that a PoP cannot be made ahead of time. No authentication, no body: a
 * challenge is no secret. It changes as the virtual clock passes each
 * `attestation.challengeTtl`; every answer to an attesting client's token
 * request also names the current one (`OAuth-Client-Attestation-Challenge`).
 */
import type { FastifyInstance } from 'fastify';
import type { IdpRuntime } from '../../runtime.ts';

export function registerChallengeRoute(app: FastifyInstance, rt: IdpRuntime): void {
  app.post('/oauth/challenge', { config: { group: 'token' } }, async (request, reply) => {
    request.ts.outcome = 'challenge-issued';
    return reply.header('cache-control', 'no-store').send({ attestation_challenge: rt.attestations.challenge() });
  });
}
