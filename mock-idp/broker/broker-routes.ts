/**
 * The ephemeral-token broker's API (route group `broker`):
 * `POST /api/broker/sessions`, `POST /api/broker/token`, `DELETE /api/broker/devices/:deviceId`.
 */
import type { FastifyInstance } from 'fastify';
import { runSteps, type Step } from '../http/pipeline.ts';
import type { IdpRuntime } from '../runtime.ts';
import { MINT_STEPS, OPEN_SESSION_STEPS, REVOKE_DEVICE_STEPS, type BrokerContext } from './broker-steps.ts';

export function registerBrokerRoutes(app: FastifyInstance, rt: IdpRuntime): void {
  const config = { group: 'broker' };
  const run = (steps: Step<BrokerContext>[]) => async (request: BrokerContext['request'], reply: BrokerContext['reply']) => {
    await runSteps(steps, { rt, request, reply });
    return reply;
  };
  app.post('/api/broker/sessions', { config }, run(OPEN_SESSION_STEPS));
  app.post('/api/broker/token', { config }, run(MINT_STEPS));
  app.delete('/api/broker/devices/:deviceId', { config }, run(REVOKE_DEVICE_STEPS));
}
