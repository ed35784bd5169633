/** Fastify hooks that turn every grouped request into one event in the history. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { clientIdOf } from '../http/request-context.ts';
import type { EventHistory } from './history.ts';

export function recordRequest(history: EventHistory, request: FastifyRequest, status: number | undefined): void {
  const ts = request.ts;
  if (!ts?.group || ts.recorded) return;
  ts.recorded = true;
  history.record({
    type: 'request',
    group: ts.group,
    method: request.method,
    path: request.url.split('?')[0]!,
    ...(status === undefined ? {} : { status }),
    outcome: ts.outcome ?? (status !== undefined && status < 400 ? 'ok' : `http-${status ?? 'none'}`),
    ...(ts.clientId ? { clientId: ts.clientId } : {}),
    ...(ts.userId ? { userId: ts.userId } : {}),
    ...(ts.familyId ? { familyId: ts.familyId } : {}),
    ...(ts.presentedFp ? { presentedFp: ts.presentedFp } : {}),
    ...(ts.issuedFps ? { issuedFps: ts.issuedFps } : {}),
    ...(ts.fault ? { fault: ts.fault } : {}),
    durationMs: Math.round((performance.now() - ts.startedAt) * 100) / 100,
    ...(ts.detail ? { detail: ts.detail } : {}),
  });
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
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    recordRequest(history, request, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    if (request.ts) request.ts.outcome ??= 'aborted-by-client';
    recordRequest(history, request, undefined);
    done();
  });
}
