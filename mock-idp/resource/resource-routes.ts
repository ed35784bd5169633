/**
 * The protected resource API: `GET /api/me`, `GET /api/notes`, `POST /api/notes`,
 * `POST /api/llm/complete`.
 * 401 with `WWW-Authenticate` for an expired, revoked or unknown token; 403 for a
 * token without the needed scope.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseBody } from '../http/parse-body.ts';
import type { AuthDb } from '../auth/better-auth-instance.ts';
import { authenticateIdentity, authenticateRequest, type ResourceAuth } from './authenticate.ts';
import { registerLlmRoute } from './llm-route.ts';
import type { NotesStore } from './notes-store.ts';

const newNote = z.object({ text: z.string().min(1, 'expected a non-empty string').max(10_000, 'expected at most 10000 characters') });

export function registerResourceRoutes(app: FastifyInstance, deps: ResourceAuth & { db: AuthDb; notes: NotesStore }): void {
  const config = { group: 'api' };
  registerLlmRoute(app, deps);

  app.get('/api/me', { config }, async (request, reply) => {
    const { principal, user } = await authenticateIdentity(request, reply, deps, deps.db.user);
    request.ts.outcome = 'ok';
    return {
      user: { id: user.id, email: user.email, name: user.name, username: user.username ?? null },
      session: { id: principal.family.id, clientId: principal.clientId, scope: principal.scope },
    };
  });

  app.get('/api/notes', { config }, async (request, reply) => {
    const principal = await authenticateRequest(request, reply, deps, 'notes:read');
    request.ts.outcome = 'ok';
    return { notes: deps.notes.list(principal.userId) };
  });

  app.post('/api/notes', { config }, async (request, reply) => {
    const principal = await authenticateRequest(request, reply, deps, 'notes:write');
    const { text } = parseBody(newNote, request.body);
    request.ts.outcome = 'ok';
    return reply.code(201).send({ note: deps.notes.add(principal.userId, text) });
  });
}
