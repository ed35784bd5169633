/**
 * `POST /api/attester/attest {clientId, jwk}` (route group `attester`): the
 * IdP playing the client attester — the service that checks the device (OS
 * integrity, app signature: App Attest, Play Integrity, a TPM) and vouches for
 * the key an app instance holds. Its check finds what `attestation.verdict`
 * says: `fail` refuses (403), and revokes every sign-in bound to the instance
 * that asked, as a provider does when a device turns out compromised.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IdpError } from '../../errors.ts';
import { parseBody } from '../../http/parse-body.ts';
import type { IdpRuntime } from '../../runtime.ts';

const attestBody = z.object({
  clientId: z.string().min(1, 'expected a client id').max(128, 'expected at most 128 characters'),
  jwk: z.record(z.string(), z.unknown(), { error: 'expected the instance\'s public key as a JWK object' }),
}).strict();

export function registerAttesterRoute(app: FastifyInstance, rt: IdpRuntime): void {
  app.post('/api/attester/attest', { config: { group: 'attester' } }, async (request, reply) => {
    const { clientId, jwk } = parseBody(attestBody, request.body);
    const client = rt.config.clients.find((candidate) => candidate.id === clientId);
    if (!client) throw new IdpError('INVALID_CLIENT', `client "${clientId}" is not configured`);
    request.ts.clientId = client.id;
    if (client.attestation !== 'required') throw new IdpError('UNAUTHORIZED_CLIENT', `client "${client.id}" does not use client attestation (its attestation setting is "off")`);
    const key = await rt.attestations.instanceKey(jwk);
    request.ts.detail = { instanceJkt: key.jkt };
    if (rt.config.attestation.verdict === 'fail') {
      let revoked = 0;
      for (const family of rt.store.families()) {
        if (family.instanceJkt === key.jkt && family.status === 'active' && rt.store.revokeFamily(family.id, 'attestation-failed')) revoked += 1;
      }
      request.ts.detail = { ...request.ts.detail, revoked };
      throw new IdpError('ATTESTATION_FAILED', `the device failed its integrity check: no attestation for this app instance${revoked > 0 ? `, and its ${revoked} sign-in(s) are revoked` : ''}`);
    }
    // Not remembered for leak scans: an attestation is no secret (it is of no use without the instance key).
    const issued = await rt.attestations.attest(client.id, key);
    request.ts.outcome = 'attested';
    return reply.header('cache-control', 'no-store').send({ attestation: issued.attestation, expiresIn: issued.expiresIn });
  });
}
