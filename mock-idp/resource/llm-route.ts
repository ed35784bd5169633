/**
 * A stand-in LLM API (`POST /api/llm/complete`), the resource the broker's
 * ephemeral tokens are for: it needs the `llm:invoke` scope and nothing more.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IdpError, describeIssues, issuesFromZod } from '../errors.ts';
import { authenticateRequest, type ResourceAuth } from './authenticate.ts';

const completionRequest = z.object({ prompt: z.string().min(1, 'expected a non-empty string').max(10_000, 'expected at most 10000 characters') });

export function registerLlmRoute(app: FastifyInstance, deps: ResourceAuth): void {
  app.post('/api/llm/complete', { config: { group: 'api' } }, async (request, reply) => {
    await authenticateRequest(request, reply, deps, 'llm:invoke');
    const parsed = completionRequest.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error.issues, 'body');
      throw new IdpError('INVALID_REQUEST', describeIssues(issues), { issues });
    }
    request.ts.outcome = 'ok';
    return { model: 'tokenstorm-echo', completion: `echo: ${parsed.data.prompt.slice(0, 200)}` };
  });
}
