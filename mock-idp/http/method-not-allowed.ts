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

/** The methods the IdP's routes answer at a path. */
export interface RouteTable {
  /** Methods of every route whose pattern matches `path`, except the route registered at `except` (a wildcard asking). */
  methodsAt(path: string, except?: string): Set<string>;
}

/** A route's URL pattern (`/__admin/faults/:id`, `/api/auth/*`) as a regular expression over request paths. */
export function patternOf(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

export function installMethodNotAllowed(app: FastifyInstance, send: (error: IdpError, request: FastifyRequest, reply: FastifyReply) => FastifyReply): RouteTable {
  const routes = new Map<string, KnownRoute>();
  app.addHook('onRoute', (route) => {
    const known = routes.get(route.url) ?? { path: patternOf(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) known.methods.add(method);
    routes.set(route.url, known);
  });
  const table: RouteTable = {
    methodsAt(path, except) {
      const allowed = new Set<string>();
      for (const [url, route] of routes) if (url !== except && route.path.test(path)) for (const method of route.methods) allowed.add(method);
      return allowed;
    },
  };

  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    const allowed = table.methodsAt(path);
    if (allowed.size === 0) {
      return send(new IdpError('NOT_FOUND', `no route ${request.method} ${path}`), request, reply);
    }
    return send(methodNotAllowed(path, request.method, allowed, reply), request, reply);
  });
  return table;
}

/** `405` for `method` at `path`, with the `Allow` header set on `reply` (RFC 9110 §15.5.6). */
export function methodNotAllowed(path: string, method: string, allowed: ReadonlySet<string>, reply: FastifyReply): IdpError {
  const allow = [...allowed].sort().join(', ');
  reply.header('allow', allow);
  return new IdpError('METHOD_NOT_ALLOWED', `${path} answers ${allow}, not ${method}`);
}
