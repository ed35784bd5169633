/**
 * The recipe's refresh endpoint: `POST /api/auth/refresh {refreshToken}` →
 * `{accessToken, refreshToken, expiresIn}`, rotating the refresh token within
 * its family under the IdP's rotation policy.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseBody } from '../http/parse-body.ts';
import { IdpError } from '../errors.ts';
import { locationOf } from '../tokens/abuse-detection.ts';
import { UNKNOWN_REFRESH_TOKEN, type Family } from '../tokens/family-store.ts';
import { fingerprint } from '../tokens/fingerprint.ts';
import type { RefreshResult, TokenService } from '../tokens/token-service.ts';
import { runSteps, type Step } from '../http/pipeline.ts';

interface RefreshContext {
  request: FastifyRequest;
  reply: FastifyReply;
  tokens: TokenService;
  presented?: string;
  result?: Extract<RefreshResult, { ok: true }>;
}

const refreshBody = z.object({ refreshToken: z.string().min(1, 'expected a non-empty string') });

function readRefreshToken(context: RefreshContext): void {
  context.presented = parseBody(refreshBody, context.request.body).refreshToken;
}

/**
 * This endpoint rotates what a better-auth sign-in started. A family handed to
 * an OAuth client is bound to it (RFC 6749 §6, §10.4: a confidential client
 * authenticates to refresh), so it is refreshed at the token endpoint only. Its
 * token is answered here exactly as an unknown one, before reuse detection and
 * touching nothing: the answer must not confirm that it is valid.
 */
function sessionFamiliesOnly(family: Family): IdpError | undefined {
  if (family.grant === 'session') return undefined;
  return new IdpError('REFRESH_TOKEN_UNKNOWN', UNKNOWN_REFRESH_TOKEN, { outcome: 'grant-client-mismatch' });
}

async function rotateRefreshToken(context: RefreshContext): Promise<void> {
  const { request } = context;
  const result = await context.tokens.refresh(context.presented!, undefined, { refuse: sessionFamiliesOnly, location: () => locationOf(request) });
  const ts = context.request.ts;
  // The store already hashed the token; only an unknown one needs hashing again for the event.
  ts.presentedFp = result.presented?.fp ?? fingerprint(context.presented!);
  if (result.family) {
    ts.familyId = result.family.id;
    ts.userId = result.family.userId;
    ts.clientId ??= result.family.clientId;
  }
  if (!result.ok) throw result.error;
  ts.outcome = result.kind;
  ts.issuedFps = { access: result.access.fp, refresh: result.issued.fp };
  ts.detail = { generation: result.issued.generation };
  context.result = result;
}

function sendTokens(context: RefreshContext): void {
  const { access, refreshToken } = context.result!;
  context.reply.header('cache-control', 'no-store').send({
    accessToken: access.token,
    refreshToken,
    expiresIn: access.expiresIn,
    tokenType: 'Bearer',
  });
}

const REFRESH_STEPS: Step<RefreshContext>[] = [readRefreshToken, rotateRefreshToken, sendTokens];

export function registerRefreshRoute(app: FastifyInstance, tokens: TokenService): void {
  app.post('/api/auth/refresh', { config: { group: 'refresh' } }, async (request, reply) => {
    await runSteps(REFRESH_STEPS, { request, reply, tokens });
    return reply;
  });
}
