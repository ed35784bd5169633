/**
 * One place turns errors into responses: IdpErrors into their OAuth-shaped body,
 * Fastify's own client errors (bad JSON, wrong content type, body too large)
 * into 400-range `invalid_request`. Anything else is a bug and logged as one.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { IdpError, isIdpError } from '../errors.ts';

export function outcomeOfCode(code: string): string {
  return code === 'REFRESH_TOKEN_REUSED' ? 'reuse-detected' : code.toLowerCase().replaceAll('_', '-');
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | IdpError, request, reply) => {
    if (isIdpError(error)) {
      request.ts.outcome ??= outcomeOfCode(error.code);
      if (error.code === 'INVALID_TOKEN' || error.code === 'INSUFFICIENT_SCOPE') {
        reply.header('www-authenticate', `Bearer realm="tokenstorm", error="${error.oauthError}", error_description=${quotedString(error.message)}`);
      }
      return reply.code(error.statusCode).header('cache-control', 'no-store').send(error.toBody());
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      request.ts.outcome ??= 'invalid-request';
      const wrapped = new IdpError('INVALID_REQUEST', error.message, { statusCode: status });
      return reply.code(status).send(wrapped.toBody());
    }
    request.ts.outcome = 'internal-error';
    request.log.error({ err: error }, 'unhandled error in mock IdP');
    return reply.code(500).send({ error: 'server_error', error_description: 'internal error in the mock IdP (a bug: please report it)' });
  });

  app.setNotFoundHandler((request, reply) => {
    request.ts.outcome = 'not-found';
    return reply.code(404).send({ error: 'not_found', error_description: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
}

/** An RFC 9110 §5.6.4 quoted-string: quotes and backslashes in a message are escaped, so the header parses. */
function quotedString(text: string): string {
  return `"${text.replace(/["\\]/g, '\\$&')}"`;
}
