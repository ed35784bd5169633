/**
 * `/__admin/*`: the HTTP skin over the admin API. Admin routes have no route
 * group, so faults never apply to them and they are not request events.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IdpError } from '../errors.ts';
import { createErrorHandler } from '../http/error-handler.ts';
import type { MockIdpAdmin } from './admin-api.ts';
import { clockBody, eventsQuery, lastEventIdHeader, parseAdminInput } from './admin-schemas.ts';

export function registerAdminRoutes(root: FastifyInstance, admin: MockIdpAdmin): void {
  root.register(async (app) => {
    // The admin API is no OAuth surface: its errors say the values a person sent exactly, quotes and all.
    app.setErrorHandler(createErrorHandler({ exactDescriptions: true }));
    mountAdminRoutes(app, admin);
  });
}

function mountAdminRoutes(app: FastifyInstance, admin: MockIdpAdmin): void {
  const streams = new Set<FastifyReply>();
  // Open event streams would keep the server from closing: end them first.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.raw.end();
  });

  app.get('/__admin/state', async (request) => admin.state(request.query as Parameters<MockIdpAdmin['state']>[0]));

  app.get('/__admin/config', async () => admin.config.get());
  app.patch('/__admin/config', async (request) => admin.config.update(unchecked(request.body)));

  app.get('/__admin/clock', async () => ({ now: admin.clock.now(), iso: new Date(admin.clock.now()).toISOString() }));
  app.post('/__admin/clock', async (request) => {
    const body = parseAdminInput(clockBody, request.body);
    const now = body.advance === undefined ? await admin.clock.set(body.set!) : await admin.clock.advance(body.advance);
    return { now, iso: new Date(now).toISOString() };
  });

  app.get('/__admin/faults', async () => ({ faults: admin.faults.list() }));
  app.post('/__admin/faults', async (request, reply) => reply.code(201).send({ fault: admin.faults.add(unchecked(request.body)) }));
  app.delete('/__admin/faults', async () => {
    admin.faults.clear();
    return { cleared: true };
  });
  app.delete<{ Params: { id: string } }>('/__admin/faults/:id', async (request) => {
    if (!admin.faults.remove(request.params.id)) throw new IdpError('NOT_FOUND', `no fault rule with id "${request.params.id}"`);
    return { removed: request.params.id };
  });

  app.get('/__admin/keys', async () => ({ keys: admin.keys.list() }));
  app.post('/__admin/keys/rotate', async (request, reply) => reply.code(201).send(await admin.keys.rotate(unchecked(request.body ?? {}))));
  app.delete<{ Params: { kid: string } }>('/__admin/keys/:kid', async (request) => admin.keys.retire(request.params.kid));

  app.post('/__admin/revoke', async (request) => admin.revoke(unchecked(request.body)));
  app.post('/__admin/expire', async (request) => admin.expire(unchecked(request.body)));
  app.post('/__admin/users', async (request, reply) => reply.code(201).send({ user: await admin.createUser(unchecked(request.body)) }));
  app.post('/__admin/reset', async () => {
    await admin.reset();
    return { reset: true };
  });

  app.get('/__admin/events', async (request) => {
    // The admin API validates the query (strings of digits included) as it does in-process.
    return { events: admin.events.list(request.query as Parameters<MockIdpAdmin['events']['list']>[0]), ...admin.events.stats() };
  });
  app.get('/__admin/events/stream', (request, reply) => {
    const since = streamStart(request);
    // HEAD: the headers a GET would get, and no stream to hold open.
    if (request.method === 'HEAD') return reply.code(200).headers(STREAM_HEADERS).send();
    streamEvents(streams, admin, reply, since);
    return reply;
  });
}

const STREAM_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' };

/**
 * Where a stream starts: after `Last-Event-ID` when EventSource reconnects (it repeats the URL, so this
 * wins over the URL's `since`), else after `?since=`, else from the first event.
 */
function streamStart(request: FastifyRequest): number {
  const query = parseAdminInput(eventsQuery, request.query, 'query');
  const lastEventId = request.headers['last-event-id'];
  if (lastEventId === undefined) return query.since ?? 0;
  return parseAdminInput(lastEventIdHeader, lastEventId, 'headers.last-event-id');
}

/** Server-sent events: replays events after `since`, then streams new ones until the client leaves or the IdP closes. */
function streamEvents(streams: Set<FastifyReply>, admin: MockIdpAdmin, reply: FastifyReply, since: number): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, STREAM_HEADERS);
  // A comment line sends the headers now, even when there is nothing to replay and nothing happens for a while.
  raw.write(': tokenstorm idp events\n\n');
  const send = (event: { seq: number }) => raw.write(`id: ${event.seq}\nevent: idp-event\ndata: ${JSON.stringify(event)}\n\n`);
  for (const event of admin.events.list({ since })) send(event);
  const unsubscribe = admin.events.subscribe(send);
  streams.add(reply);
  raw.on('close', () => {
    unsubscribe();
    streams.delete(reply);
  });
}

/**
 * An HTTP body goes to the admin API as it came: its parameter types are for callers with a compiler, and it
 * validates every input itself, naming what is wrong (a 400 here).
 */
function unchecked<T>(body: unknown): T {
  return body as T;
}
