/**
 * One place turns errors into responses: IdpErrors into their OAuth-shaped body,
 * requests Fastify itself refused (broken JSON, a bad Content-Type, a body too
 * large) into `invalid_request`. Anything else is a bug and logged as one. Every
 * error response carries `Cache-Control: no-store` and records its own outcome.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IdpError, isIdpError } from '../errors.ts';
import { challengeFor } from './challenges.ts';
import { installMethodNotAllowed, type RouteTable } from './method-not-allowed.ts';

export function outcomeOfCode(code: string): string {
  return code === 'REFRESH_TOKEN_REUSED' ? 'reuse-detected' : code.toLowerCase().replaceAll('_', '-');
}

export interface ErrorHandlerOptions {
  /**
   * The status of a request Fastify refused before the route ran. OAuth endpoints set 400: every malformed
   * request is `400 invalid_request` there (RFC 6749 §5.2). Without it, Fastify's own status stands (413, 415, 400).
   */
  refusedRequestStatus?: 400;
  /** Descriptions as written, not in RFC 6749 §5.2's characters: for the admin API, which is no OAuth surface. */
  exactDescriptions?: boolean;
}

/** Fastify's own messages, where they do not say what to fix. */
const REFUSAL_MESSAGES: Record<string, (request: FastifyRequest) => string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: (request) => `the request body is larger than ${request.routeOptions.bodyLimit} bytes`,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => 'the Content-Type header is malformed or names a body type this endpoint does not read',
};

/** An IdpError as it is; a request Fastify refused as `invalid_request`; undefined for anything else (a bug). */
export function requestErrorOf(error: FastifyError | IdpError, request: FastifyRequest, options: ErrorHandlerOptions = {}): IdpError | undefined {
  if (isIdpError(error)) return error;
  const status = error.statusCode ?? 500;
  if (status < 400 || status >= 500) return undefined;
  const message = REFUSAL_MESSAGES[error.code]?.(request) ?? error.message;
  return new IdpError('INVALID_REQUEST', message, { statusCode: options.refusedRequestStatus ?? status });
}

export function sendIdpError(error: IdpError, request: FastifyRequest, reply: FastifyReply, options: ErrorHandlerOptions = {}): FastifyReply {
  // The error is what happened, whatever a step recorded before it failed.
  if (request.ts) request.ts.outcome = error.outcome ?? outcomeOfCode(error.code);
  const challenge = challengeFor(error);
  if (challenge) reply.header('www-authenticate', challenge);
  if (error.headers) reply.headers(error.headers);
  return reply.code(error.statusCode).header('cache-control', 'no-store').send(error.toBody({ exact: options.exactDescriptions === true }));
}

export function createErrorHandler(options: ErrorHandlerOptions = {}) {
  return (error: FastifyError | IdpError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const known = requestErrorOf(error, request, options);
    if (known) return sendIdpError(known, request, reply, options);
    request.ts.outcome = 'internal-error';
    request.log.error({ err: error }, 'unhandled error in mock IdP');
    return reply.code(500).header('cache-control', 'no-store').send({ error: 'server_error', error_description: 'internal error in the mock IdP (a bug: please report it)' });
  };
}

/**
 * A route-level `errorHandler` for a route that answers a person with a page: a request Fastify refused
 * before the route ran is answered by `answer` as `400 invalid_request`, like the route's own errors;
 * anything else goes on to the instance's handler.
 */
export function refusedRequestsAnsweredBy(answer: (error: IdpError, request: FastifyRequest, reply: FastifyReply) => unknown) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const refused = requestErrorOf(error, request, { refusedRequestStatus: 400 });
    if (!refused) throw error;
    answer(refused, request, reply);
  };
}

/** Installs the IdP's error answers; the table it returns says which methods each path answers. */
export function installErrorHandler(app: FastifyInstance): RouteTable {
  app.setErrorHandler(createErrorHandler());
  return installMethodNotAllowed(app, (error, request, reply) => sendIdpError(error, request, reply));
}
