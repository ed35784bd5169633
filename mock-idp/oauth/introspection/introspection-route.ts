/**
 * `POST /oauth/introspect` (RFC 7662): whether a token is active, and what it
 * carries. Confidential clients (resource servers) may introspect any token;
 * a public client only its own — anything else is `{"active": false}` (§2.2).
 */
import type { FastifyInstance } from 'fastify';
import { runSteps, type Step } from '../../http/pipeline.ts';
import type { IdpRuntime } from '../../runtime.ts';
import { clientOfLookup, type TokenLookup } from '../lookup-token.ts';
import { authenticateCallingClient, findToken, readParams, type TokenRequestContext } from '../token-request-steps.ts';

type IntrospectionContext = TokenRequestContext;

function userClaims(rt: IdpRuntime, userId: string): { username?: string } {
  const user = rt.db.user.find((candidate) => candidate.id === userId);
  return user ? { username: user.username ?? user.email } : {};
}

function describeToken(rt: IdpRuntime, lookup: TokenLookup): Record<string, unknown> {
  const iss = rt.url();
  switch (lookup.kind) {
    case 'access': {
      const { principal } = lookup;
      // RFC 9449 §6.2: a DPoP-bound token says so, and names its key.
      const bound = principal.jkt === undefined ? {} : { cnf: { jkt: principal.jkt } };
      return {
        active: true, token_type: principal.jkt === undefined ? 'Bearer' : 'DPoP', scope: principal.scope, client_id: principal.clientId, sub: principal.userId,
        ...userClaims(rt, principal.userId), iat: lookup.iat, exp: lookup.exp, iss, aud: lookup.aud, jti: lookup.jti, sid: principal.family.id, ...bound,
      };
    }
    case 'refresh': {
      const { family, record } = lookup;
      if (!lookup.active) return { active: false };
      return {
        active: true, token_type: 'refresh_token', scope: family.scope, client_id: family.clientId, sub: family.userId,
        ...userClaims(rt, family.userId), iat: Math.floor(record.issuedAt / 1000), exp: Math.floor(record.expiresAt / 1000), iss, sid: family.id,
        ...(family.jkt === undefined ? {} : { cnf: { jkt: family.jkt } }),
      };
    }
    case 'telemetry': {
      const { record } = lookup;
      if (!lookup.active) return { active: false };
      return {
        active: true, token_type: 'telemetry', scope: 'telemetry:write', client_id: record.clientId, sub: `install:${record.installId}`,
        iat: Math.floor(record.issuedAt / 1000), exp: Math.floor(record.expiresAt / 1000), iss,
      };
    }
    case 'unknown':
      return { active: false };
  }
}

function answerIntrospection(context: IntrospectionContext): void {
  const { rt, lookup, client, request } = context;
  const owner = clientOfLookup(lookup!);
  const visible = client!.type === 'confidential' || owner === client!.id;
  const body = visible ? describeToken(rt, lookup!) : { active: false };
  request.ts.outcome = body.active ? 'active' : 'inactive';
  request.ts.detail = { kind: lookup!.kind };
  context.reply.header('cache-control', 'no-store').send(body);
}

const INTROSPECTION_STEPS: Step<IntrospectionContext>[] = [readParams, authenticateCallingClient, findToken, answerIntrospection];

export function registerIntrospectionRoute(app: FastifyInstance, rt: IdpRuntime): void {
  app.post('/oauth/introspect', { config: { group: 'introspect' } }, async (request, reply) => {
    await runSteps(INTROSPECTION_STEPS, { rt, request, reply, params: new Map() });
    return reply;
  });
}
