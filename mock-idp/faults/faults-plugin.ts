/**
 * Applies the fault engine's decisions to real HTTP traffic: answers early with
 * a status, holds a request, cuts or never answers the connection, or spoils
 * the body the route produced. Hooks are added to the given instance (no
 * fastify-plugin wrapper), so they cover exactly that instance's routes.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toErrorDescription } from '../http/error-description.ts';
import type { FaultEngine } from './fault-engine.ts';
import type { FaultDecision, RequestFacts } from './types.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The fault applied to this request (null when none), for event recorders. */
    tokenstormFault: FaultDecision | null;
  }
}

export interface FaultHooksOptions {
  engine: Pick<FaultEngine, 'decide' | 'hasRules'>;
  /** The facts rules match on; `null` means this request is never faulted (e.g. admin routes). */
  classify(request: FastifyRequest): RequestFacts | null;
  /** Called once per applied fault, including those that never send a response (reset, hang, blackhole). */
  onFault?(request: FastifyRequest, decision: FaultDecision): void;
  /** Called as a `delay` starts holding a request (true) and lets it go (false). */
  onHold?(holding: boolean): void;
  /** How long a `hang` holds the connection before destroying it (default 30 000 real ms). */
  hangTimeoutMs?: number;
  /** Real durations (delay, hang) are divided by this (default 1): see `timeScale` in the IdP config. */
  timeScale?: number;
}

/** A JSON token response cut mid-string: what a client sees from a proxy that dropped the tail. */
export const MALFORMED_BODY = '{"accessToken": "eyJhbGciOiJSUzI1NiIsInR5cCI6';

export function installFaultHooks(app: FastifyInstance, options: FaultHooksOptions): void {
  const hangTimeoutMs = options.hangTimeoutMs ?? 30_000;
  if (!(hangTimeoutMs > 0 && Number.isFinite(hangTimeoutMs))) throw new TypeError(`hangTimeoutMs must be a positive number of ms, got ${hangTimeoutMs}`);
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0 && Number.isFinite(timeScale))) throw new TypeError(`timeScale must be a positive number, got ${timeScale}`);
  /** Releases of requests held open by delay or hang, so closing the app never waits on them. */
  const held = new Set<() => void>();

  if (!app.hasRequestDecorator('tokenstormFault')) app.decorateRequest('tokenstormFault', null);

  const reportFault = (request: FastifyRequest, decision: FaultDecision) => options.onFault?.(request, decision);

  /** Resolves true after `ms`, or false as soon as the client goes away or the app closes. */
  function holdFor(ms: number, reply: FastifyReply): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (elapsed: boolean) => {
        clearTimeout(timer);
        reply.raw.off('close', onClose);
        held.delete(release);
        resolve(elapsed);
      };
      const onClose = () => finish(false);
      const release = () => finish(false);
      const timer = setTimeout(() => finish(true), ms / timeScale);
      reply.raw.once('close', onClose);
      held.add(release);
    });
  }

  /** Takes the reply away from Fastify and drops the connection without a response byte. */
  function dropConnection(request: FastifyRequest, reply: FastifyReply, how: 'reset' | 'close'): FastifyReply {
    reply.hijack();
    const socket = request.raw.socket;
    // resetAndDestroy sends a TCP RST (ECONNRESET at the client); destroy closes with a FIN.
    if (how === 'reset') socket.resetAndDestroy();
    else socket.destroy();
    return reply;
  }

  /** Applies a decision; resolves undefined when the route should still run, else the reply it took over. */
  async function applyDecision(request: FastifyRequest, reply: FastifyReply, decision: FaultDecision): Promise<FastifyReply | undefined> {
    request.tokenstormFault = decision;
    const { action } = decision;
    switch (action.type) {
      case 'status': {
        reportFault(request, decision);
        // Like every error the IdP sends, never cached, unless the rule's own headers say otherwise.
        reply.code(action.status).header('cache-control', 'no-store');
        if (action.headers) reply.headers(action.headers);
        if (action.retryAfter !== undefined) reply.header('retry-after', String(action.retryAfter));
        const body = action.body ?? { error: 'injected_fault', error_description: toErrorDescription(`tokenstorm fault rule ${decision.ruleId} answered ${action.status}`) };
        // The hook answers; the route is skipped.
        return reply.send(body);
      }
      case 'delay': {
        reportFault(request, decision);
        options.onHold?.(true);
        const elapsed = await holdFor(action.ms, reply);
        options.onHold?.(false);
        if (elapsed) return undefined;
        // The client left or the app is closing: nobody is waiting for the route's answer.
        return dropConnection(request, reply, 'close');
      }
      case 'reset':
        reportFault(request, decision);
        return dropConnection(request, reply, 'reset');
      case 'blackhole':
        reportFault(request, decision);
        return dropConnection(request, reply, 'close');
      case 'hang':
        reportFault(request, decision);
        await holdFor(action.ms ?? hangTimeoutMs, reply);
        return dropConnection(request, reply, 'close');
      case 'truncate':
      case 'malformed':
        // The route runs first; the onSend hook spoils what it sends.
        return undefined;
    }
  }

  // Callback-style hooks: the common case (no fault) costs no promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    if (!options.engine.hasRules()) return done();
    const facts = options.classify(request);
    const decision = facts && options.engine.decide(facts);
    if (!decision) return done();
    applyDecision(request, reply, decision).then((taken) => {
      if (taken === undefined) done();
    }, done);
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const decision = request.tokenstormFault;
    if (decision?.action.type === 'truncate') {
      reportFault(request, decision);
      truncate(request, reply, payload).then((stream) => done(null, stream), done);
      return;
    }
    if (decision?.action.type === 'malformed') {
      reportFault(request, decision);
      reply.header('content-type', 'application/json; charset=utf-8');
      return done(null, MALFORMED_BODY);
    }
    done(null, payload);
  });

  // preClose runs before the server stops accepting and waits for open requests; onClose would run too late.
  app.addHook('preClose', async () => {
    for (const release of [...held]) release();
  });
}

/**
 * Announces the full Content-Length but sends only the first half, then closes:
 * the client reads a short body. Node does not enforce Content-Length on
 * responses unless `strictContentLength` is set, so the short write goes out.
 */
async function truncate(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<Readable> {
  const body = await toBuffer(payload);
  // An empty body cannot be cut: announce one byte that never comes.
  reply.header('content-length', String(Math.max(body.length, 1)));
  reply.raw.once('finish', () => request.raw.socket.destroy());
  // A stream payload keeps Fastify from correcting the Content-Length to the bytes actually sent.
  return Readable.from([body.subarray(0, Math.floor(body.length / 2))]);
}

async function toBuffer(payload: unknown): Promise<Buffer> {
  if (payload === null || payload === undefined) return Buffer.alloc(0);
  if (typeof payload === 'string') return Buffer.from(payload);
  if (Buffer.isBuffer(payload)) return payload;
  if (typeof payload === 'object' && Symbol.asyncIterator in payload) {
    const chunks: Buffer[] = [];
    for await (const chunk of payload as AsyncIterable<string | Uint8Array>) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
  throw new TypeError(`cannot truncate a ${typeof payload} body; expected a string, Buffer or stream`);
}
