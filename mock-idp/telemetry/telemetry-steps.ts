/**
 * Telemetry with per-install ephemeral tokens: `POST /api/telemetry/token`
 * mints one for an install id; `POST /api/telemetry` accepts events with that
 * token only (never a user's access or session token), after screening PII.
 */
import { parseBody } from '../http/parse-body.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { IdpError } from '../errors.ts';
import { BEARER_CHALLENGE } from '../http/challenges.ts';
import { bearerOf } from '../http/request-context.ts';
import type { Step } from '../http/pipeline.ts';
import { findClient } from '../oauth/clients/authenticate-client.ts';
import type { IdpRuntime } from '../runtime.ts';
import { fingerprint } from '../tokens/fingerprint.ts';
import { looksLikeEmail, REDACTED, screenPii } from './pii.ts';
import type { TelemetryEvent, TelemetryToken } from './telemetry-state.ts';

export interface TelemetryContext {
  rt: IdpRuntime;
  request: FastifyRequest;
  reply: FastifyReply;
  token?: TelemetryToken;
  events?: TelemetryEvent[];
  redacted?: string[];
}

const mintRequest = z.object({
  installId: z.string().regex(/^[A-Za-z0-9._:-]{8,128}$/, 'expected 8-128 characters of [A-Za-z0-9._:-] (an install UUID, not a person)'),
  clientId: z.string().min(1),
}).strict();

const eventSchema = z.object({
  name: z.string().min(1).max(200),
  at: z.number().int().min(0).optional(),
  props: z.record(z.string(), z.unknown()).default({}),
}).strict();


export function mintTelemetryToken(context: TelemetryContext): void {
  const { rt, request } = context;
  const body = parseBody(mintRequest, request.body);
  const client = findClient(rt.config.clients, body.clientId);
  if (!client) throw new IdpError('INVALID_CLIENT', `unknown client "${body.clientId}"`);
  request.ts.clientId = client.id;
  const { token, record } = rt.telemetry.mint({ installId: body.installId, clientId: client.id, ttlMs: rt.config.telemetry.tokenTtl });
  rt.ledger.rememberToken(token);
  request.ts.outcome = 'telemetry-token-issued';
  request.ts.issuedFps = { access: record.fp };
  request.ts.detail = { installId: body.installId };
  context.reply.header('cache-control', 'no-store').send({
    telemetryToken: token,
    tokenType: 'Bearer',
    expiresIn: Math.floor(rt.config.telemetry.tokenTtl / 1000),
    installId: body.installId,
  });
}

export function authenticateTelemetryToken(context: TelemetryContext): void {
  const bearer = bearerOf(context.request);
  if (!bearer) throw new IdpError('INVALID_TOKEN', 'a Bearer telemetry token is required', { challenge: BEARER_CHALLENGE });
  context.request.ts.presentedFp = fingerprint(bearer);
  const token = context.rt.telemetry.find(bearer);
  // Least privilege both ways: a user's access token is refused here, a telemetry token everywhere else.
  if (!token) throw new IdpError('INVALID_TOKEN', 'this endpoint accepts only a telemetry token from /api/telemetry/token');
  if (!context.rt.telemetry.isActive(token)) throw new IdpError('INVALID_TOKEN', token.revoked ? 'the telemetry token was revoked' : 'the telemetry token expired');
  context.request.ts.clientId ??= token.clientId;
  context.token = token;
}

export function readTelemetryEvents(context: TelemetryContext): void {
  const max = context.rt.config.telemetry.maxEventsPerRequest;
  const body = parseBody(z.object({ events: z.array(eventSchema).min(1).max(max) }).strict(), context.request.body);
  const now = context.rt.clock.now();
  context.events = body.events.map((event) => ({ installId: context.token!.installId, name: event.name, at: event.at ?? now, props: event.props }));
}

export function screenTelemetryPii(context: TelemetryContext): void {
  const { pii } = context.rt.config.telemetry;
  const redact = pii.mode === 'redact';
  const found = context.events!.flatMap((event, index) => {
    const at = `body.events[${index}]`;
    // The event name is screened by value only: a property called "name" is PII, an event's name is not.
    const inName = pii.detectEmails && looksLikeEmail(event.name) ? [`${at}.name`] : [];
    if (inName.length > 0 && redact) event.name = REDACTED;
    return [...inName, ...screenPii(event.props, `${at}.props`, pii, redact)];
  });
  if (found.length > 0 && !redact) {
    throw new IdpError('TELEMETRY_PII', `telemetry must not carry PII: ${found.join(', ')}`, { issues: found.map((path) => ({ path, message: 'PII is not accepted' })) });
  }
  context.redacted = found;
}

export function acceptTelemetryEvents(context: TelemetryContext): void {
  const { rt, request, events, redacted } = context;
  rt.telemetry.accept(events!);
  request.ts.outcome = 'telemetry-accepted';
  request.ts.detail = { installId: context.token!.installId, accepted: events!.length, redacted: redacted!.length };
  context.reply.code(202).send({ accepted: events!.length, redacted: redacted });
}

export const MINT_TELEMETRY_STEPS: Step<TelemetryContext>[] = [mintTelemetryToken];
export const INGEST_TELEMETRY_STEPS: Step<TelemetryContext>[] = [authenticateTelemetryToken, readTelemetryEvents, screenTelemetryPii, acceptTelemetryEvents];
