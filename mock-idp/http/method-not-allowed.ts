/**
 * Requests no route answers: `405` with `Allow` when the path is a route's but
 * the method is not (RFC 9110 §15.5.6 — `GET /oauth/token`), else `404`. Both
 * in the IdP's error shape, with `Cache-Control: no-store`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IdpError } from '../errors.ts';
import { pathOf } from './request-context.ts';

interface KnownRoute {
  path: RegExp;
  methods: Set<string>;
}

/** A route's URL pattern (`/__admin/faults/:id`, `/api/auth/*`) as a regular expression over request paths. */
function patternOf(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

export function installMethodNotAllowed(app: FastifyInstance, send: (error: IdpError, request: FastifyRequest, reply: FastifyReply) => FastifyReply): void {
  const routes = new Map<string, KnownRoute>();
  app.addHook('onRoute', (route) => {
    const known = routes.get(route.url) ?? { path: patternOf(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) known.methods.add(method);
    routes.set(route.url, known);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    const allowed = new Set<string>();
    for (const route of routes.values()) if (route.path.test(path)) for (const method of route.methods) allowed.add(method);
    if (allowed.size === 0) {
      return send(new IdpError('NOT_FOUND', `no route ${request.method} ${path}`), request, reply);
    }
    const allow = [...allowed].sort().join(', ');
    reply.header('allow', allow);
    return send(new IdpError('METHOD_NOT_ALLOWED', `${path} answers ${allow}, not ${request.method}`), request, reply);
  });
}
