/**
 * Requests Fastify or Node refuse before any route or hook runs — a path whose
 * percent-encoding does not decode (`/oauth/%E0`), headers over Node's limit
 * (431), a request line Node cannot parse — answered in the IdP's error shape
 * with `Cache-Control: no-store`, like every other error (RFC 6749 §5.2).
 */
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IdpError } from '../errors.ts';

const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: 'the request path is malformed: a percent-encoding in it does not decode',
  FST_ERR_MAX_PARAM_LENGTH: 'a path segment of the request is too long',
};

/** Fastify's `frameworkErrors` option: its request has no route, so no hook has run. */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const refused = new IdpError('INVALID_REQUEST', FRAMEWORK_MESSAGES[error.code] ?? error.message, { statusCode: status });
  void reply.code(status).header('cache-control', 'no-store').send(refused.toBody());
}

const CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, message: 'the request line and headers are larger than the IdP reads (16 KiB)' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, message: 'the request did not arrive in time' },
};

/** Node's `clientError` (Fastify's `clientErrorHandler`): the request could not be parsed, so the answer is written to the socket. */
export function answerClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // As Fastify's own handler does; the logger redacts err.rawPacket, the request's own bytes.
  this.log.trace({ err: error }, 'client error');
  const { status, message } = CLIENT_ERRORS[error.code ?? ''] ?? { status: 400, message: 'the request is not valid HTTP/1.1' };
  const body = JSON.stringify(new IdpError('INVALID_REQUEST', message, { statusCode: status }).toBody());
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}
