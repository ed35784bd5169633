/** Fastify hooks that turn every grouped request into one event in the history. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { clientIdOf, pathOf } from '../http/request-context.ts';
import type { EventHistory, IdpEventInput } from './history.ts';

export function recordRequest(history: EventHistory, request: FastifyRequest, status: number | undefined): void {
  const ts = request.ts;
  if (!ts?.group || ts.recorded) return;
  ts.recorded = true;
  history.requestClosed();
  // Built field by field, in the order events have always had, with no temporary objects: this runs on every request.
  const event = { type: 'request', group: ts.group, method: request.method, path: pathOf(request.url) } as IdpEventInput;
  if (status !== undefined) event.status = status;
  event.outcome = ts.outcome ?? (status !== undefined && status < 400 ? 'ok' : `http-${status ?? 'none'}`);
  if (ts.clientId) event.clientId = ts.clientId;
  if (ts.userId) event.userId = ts.userId;
  if (ts.familyId) event.familyId = ts.familyId;
  if (ts.presentedFp) event.presentedFp = ts.presentedFp;
  if (ts.issuedFps) event.issuedFps = ts.issuedFps;
  if (ts.fault) event.fault = ts.fault;
  event.durationMs = Math.round((performance.now() - ts.startedAt) * 100) / 100;
  if (ts.detail) event.detail = ts.detail;
  history.record(event);
}

export function installEventRecording(app: FastifyInstance, history: EventHistory): void {
  app.decorateRequest('ts', null as never);
  // Callback-style hooks: no promise per request on the hot path.
  app.addHook('onRequest', (request, _reply, done) => {
    request.ts = {
      group: request.routeOptions.config.group,
      clientId: clientIdOf(request),
      outcome: undefined,
      startedAt: performance.now(),
      recorded: false,
    };
    if (request.ts.group) history.requestOpened();
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    recordRequest(history, request, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    // The client left before any answer went out: that is the outcome, even if the IdP had begun an error
    // answer (a body cut short fails to parse). A fault that held the request keeps its own outcome.
    if (request.ts && !request.ts.fault) request.ts.outcome = 'aborted-by-client';
    recordRequest(history, request, undefined);
    done();
  });
}
