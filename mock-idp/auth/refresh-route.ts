/**
 * The recipe's refresh endpoint: `POST /api/auth/refresh {refreshToken}` →
 * `{accessToken, refreshToken, expiresIn}`, rotating the refresh token within
 * its family under the IdP's rotation policy. With a DPoP proof (RFC 9449),
 * as at the token endpoint: the access token is bound to the proof's key, the
 * family to the key of its first proof, and a later refresh must prove it.
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
import { requestProof, type DpopProof, type DpopVerifier } from '../oauth/dpop/dpop-proofs.ts';
import { dpopKeyMismatch, dpopProofMissing } from '../oauth/token/dpop-binding.ts';
import { bindFamily, boundKeyRefusal, type KeyBinding } from '../oauth/token/key-binding.ts';

interface RefreshRoute {
  tokens: TokenService;
  dpop: DpopVerifier;
  url: () => string;
}

interface RefreshContext {
  request: FastifyRequest;
  reply: FastifyReply;
  route: RefreshRoute;
  presented?: string;
  proof?: DpopProof;
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

/**
 * As at the token endpoint (RFC 9449 §5): a sign-in is bound to the key of its first proof, and a refresh of a
 * bound one without a proof, or with another key's (401: this endpoint refuses a grant so), spends nothing.
 */
const RECIPE_KEY_BINDINGS: readonly KeyBinding<RefreshContext>[] = [{
  field: 'jkt',
  proven: (context) => context.proof?.jkt,
  binds: () => true,
  missing: dpopProofMissing,
  mismatch: () => dpopKeyMismatch().withStatus(401),
}];

/** Most refreshes carry no proof and meet no nonce: the DPoP checks run only when there is one or the other. */
async function readDpopProof(context: RefreshContext): Promise<void> {
  const { request, reply, route } = context;
  if (request.headers.dpop === undefined && route.dpop.nonceFor('token') === undefined) return;
  const proof = await requestProof(route.dpop, request, reply, route.url(), 'token');
  if (proof) context.proof = proof;
}

async function rotateRefreshToken(context: RefreshContext): Promise<void> {
  const { request, proof } = context;
  const result = await context.route.tokens.refresh(
    context.presented!,
    proof ? { jkt: proof.jkt } : undefined,
    { refuse: (family) => sessionFamiliesOnly(family) ?? boundKeyRefusal(context, family, RECIPE_KEY_BINDINGS), location: () => locationOf(request) },
  );
  const ts = context.request.ts;
  // The store already hashed the token; only an unknown one needs hashing again for the event.
  ts.presentedFp = result.presented?.fp ?? fingerprint(context.presented!);
  if (result.family) {
    ts.familyId = result.family.id;
    ts.userId = result.family.userId;
    ts.clientId ??= result.family.clientId;
  }
  if (!result.ok) throw result.error;
  bindFamily(context, result.family, RECIPE_KEY_BINDINGS);
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
    tokenType: access.jkt === undefined ? 'Bearer' : 'DPoP',
  });
}

const REFRESH_STEPS: Step<RefreshContext>[] = [readRefreshToken, readDpopProof, rotateRefreshToken, sendTokens];

export function registerRefreshRoute(app: FastifyInstance, route: RefreshRoute): void {
  app.post('/api/auth/refresh', { config: { group: 'refresh' } }, async (request, reply) => {
    await runSteps(REFRESH_STEPS, { request, reply, route });
    return reply;
  });
}
