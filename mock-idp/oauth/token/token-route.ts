/** Mounts the token endpoint. */
import type { FastifyInstance } from 'fastify';
import { runSteps } from '../../http/pipeline.ts';
import type { IdpRuntime } from '../../runtime.ts';
import { TOKEN_STEPS } from './token-steps.ts';

export function registerTokenRoute(app: FastifyInstance, rt: IdpRuntime): void {
  app.post('/oauth/token', { config: { group: 'token' } }, async (request, reply) => {
    await runSteps(TOKEN_STEPS, { rt, request, reply, params: new Map() });
    return reply;
  });
}
