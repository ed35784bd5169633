/**
 * The seed article's "best security" pattern, as steps: the desktop hands the
 * broker its authorization code (+ PKCE verifier); the broker redeems it
 * through the token endpoint's own steps, vaults the provider refresh token,
 * and mints 5-15 minute ephemeral tokens for the LLM/resource API, each time
 * rotating the vaulted refresh token in the same family store. With a DPoP
 * proof (RFC 9449), the device session and every ephemeral token minted for it
 * are bound to the desktop's key.
 */
import { parseBody } from '../http/parse-body.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { IdpError } from '../errors.ts';
import { BEARER_CHALLENGE } from '../http/challenges.ts';
import { bearerOf } from '../http/request-context.ts';
import { runSteps } from '../http/pipeline.ts';
import type { Step } from '../http/pipeline.ts';
import { requestProof, type DpopProof } from '../oauth/dpop/dpop-proofs.ts';
import { CHECK_CODE_STEPS, REDEEM_CODE_STEPS } from '../oauth/token/grant-authorization-code.ts';
import type { TokenContext } from '../oauth/token/token-context.ts';
import { authenticateTokenClient, selectGrant } from '../oauth/token/token-steps.ts';
import type { IdpRuntime } from '../runtime.ts';
import type { IssuedAccessToken } from '../tokens/access-tokens.ts';
import { fingerprint } from '../tokens/fingerprint.ts';
import type { DeviceSession } from './broker-state.ts';

export interface BrokerContext {
  rt: IdpRuntime;
  request: FastifyRequest;
  reply: FastifyReply;
  session?: DeviceSession;
  credential?: string;
  ephemeral?: { access: IssuedAccessToken; scope: string };
  /** The request's DPoP proof, checked. */
  dpop?: DpopProof;
}

const deviceId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'expected 1-128 characters of [A-Za-z0-9._:-]');

const sessionRequest = z.object({
  clientId: z.string().min(1),
  code: z.string().min(1),
  codeVerifier: z.string().min(1).optional(),
  redirectUri: z.string().min(1).optional(),
  deviceId,
}).strict();


/** The part of `broker.scopes` a grant carries (least privilege); `invalid_scope` when it carries none of them. */
function brokerScopeOf(rt: IdpRuntime, granted: string): string {
  const grantedScopes = granted.split(' ');
  const scope = rt.config.broker.scopes.filter((candidate) => grantedScopes.includes(candidate)).join(' ');
  if (!scope) throw new IdpError('INVALID_SCOPE', `the user granted none of the broker's scopes (${rt.config.broker.scopes.join(' ')})`);
  return scope;
}

/**
 * What the broker needs of a code beyond the token endpoint's checks, checked before the code is spent:
 * a session it cannot keep or mint for must leave the code, the family and the vault untouched.
 */
export function checkCodeFitsBroker(context: TokenContext): void {
  const client = context.client!;
  if (!client.grants.includes('refresh_token')) {
    throw new IdpError('UNAUTHORIZED_CLIENT', `client "${client.id}" may not use refresh tokens, so the broker cannot keep the session`);
  }
  brokerScopeOf(context.rt, context.code!.scope);
}

/** The token endpoint's authorization-code steps, with the broker's own check before the code is spent. */
const BROKER_CODE_STEPS: Step<TokenContext>[] = [authenticateTokenClient, selectGrant, ...CHECK_CODE_STEPS, checkCodeFitsBroker, ...REDEEM_CODE_STEPS];

/** Redeems the desktop's code in-process with the token endpoint's steps (same checks: client, redirect URI, PKCE, single use). */
export async function redeemCodeIntoVault(context: BrokerContext): Promise<void> {
  const body = parseBody(sessionRequest, context.request.body);
  const params = new Map<string, string>([['grant_type', 'authorization_code'], ['client_id', body.clientId], ['code', body.code]]);
  if (body.codeVerifier !== undefined) params.set('code_verifier', body.codeVerifier);
  if (body.redirectUri !== undefined) params.set('redirect_uri', body.redirectUri);
  // The desktop's proof stands for the code too: a code it bound to its key (dpop_jkt) is redeemed with it.
  const token: TokenContext = { rt: context.rt, request: context.request, reply: context.reply, params, ...(context.dpop ? { dpop: context.dpop } : {}) };
  await runSteps(BROKER_CODE_STEPS, token);
  // checkCodeFitsBroker made sure the client gets a refresh token.
  const refreshToken = token.response!.refresh_token!;
  const family = context.rt.store.findByToken(refreshToken)!.family;
  // One session per device: signing in again on a device replaces its previous session.
  for (const previous of context.rt.broker.sessionsOf(family.userId, body.deviceId)) revokeDeviceSession(context.rt, previous);
  const { credential, session } = context.rt.broker.open({
    deviceId: body.deviceId, userId: family.userId, clientId: family.clientId, familyId: family.id, createdAt: context.rt.clock.now(), vaultedRefreshToken: refreshToken, jkt: context.dpop?.jkt,
  });
  context.rt.ledger.rememberToken(credential);
  context.session = session;
  context.credential = credential;
  context.request.ts.detail = { deviceId: body.deviceId, deviceSessionFp: session.fp, ...(context.dpop ? { dpopJkt: context.dpop.jkt } : {}) };
}

export function authenticateDeviceSession(context: BrokerContext): void {
  const bearer = bearerOf(context.request);
  if (!bearer) throw new IdpError('INVALID_TOKEN', 'a Bearer device-session credential is required', { challenge: BEARER_CHALLENGE });
  const session = context.rt.broker.find(bearer);
  context.request.ts.presentedFp = session?.fp ?? fingerprint(bearer);
  if (!session) throw new IdpError('INVALID_TOKEN', 'the device session is not known to the broker');
  context.request.ts.userId = session.userId;
  context.request.ts.familyId = session.familyId;
  context.request.ts.clientId ??= session.clientId;
  if (session.revoked) throw new IdpError('INVALID_TOKEN', 'the device session was revoked');
  context.session = session;
  context.request.ts.detail = { deviceId: session.deviceId };
}

/**
 * DPoP at the broker, as at the token endpoint (nonces included): a proof is checked before anything is
 * spent, and a device session opened with one answers only requests that prove the same key.
 */
export async function readBrokerDpopProof(context: BrokerContext): Promise<void> {
  const { rt, request, reply } = context;
  const proof = await requestProof(rt.dpop, request, reply, rt.url(), 'token');
  if (proof) context.dpop = proof;
  const bound = context.session?.jkt;
  if (bound === undefined || proof?.jkt === bound) return;
  throw proof
    ? new IdpError('DPOP_KEY_MISMATCH', 'this device session is bound to another DPoP key than the one that signed the proof')
    : new IdpError('INVALID_DPOP_PROOF', 'this device session is bound to a DPoP key: the request needs a DPoP proof signed by it', { outcome: 'dpop-proof-missing' });
}

export function revokeDeviceSession(rt: IdpRuntime, session: DeviceSession): boolean {
  if (session.revoked) return false;
  session.revoked = true;
  // The vaulted family goes too: every ephemeral token minted from it stops working at once.
  rt.store.revokeFamily(session.familyId, 'revoked-by-client');
  return true;
}

export async function mintEphemeralToken(context: BrokerContext): Promise<void> {
  const { rt, request } = context;
  const session = context.session!;
  // Rotate and store the successor in one synchronous step: concurrent mints never present a superseded token.
  const rotation = rt.store.rotate(session.vaultedRefreshToken);
  if (!rotation.ok) {
    session.revoked = true;
    throw new IdpError('BROKER_SESSION_ENDED', `the provider session behind this device ended (${rotation.error.message}): sign in again`);
  }
  session.vaultedRefreshToken = rotation.refreshToken;
  rt.ledger.rememberToken(rotation.refreshToken);
  const scope = brokerScopeOf(rt, rotation.family.scope);
  const access = await rt.tokens.issueAccess(rotation.family, { scope, ttlMs: rt.config.broker.ephemeralTokenTtl, ...(context.dpop ? { jkt: context.dpop.jkt } : {}) });
  request.ts.issuedFps = { access: access.fp, refresh: rotation.issued.fp };
  request.ts.outcome = 'ephemeral-issued';
  context.ephemeral = { access, scope };
}

export function sendEphemeralToken(context: BrokerContext): void {
  const { access, scope } = context.ephemeral!;
  context.reply.header('cache-control', 'no-store').send({
    ...(context.credential ? { deviceSession: context.credential } : {}),
    deviceId: context.session!.deviceId,
    ephemeralToken: access.token,
    tokenType: access.jkt === undefined ? 'Bearer' : 'DPoP',
    expiresIn: access.expiresIn,
    scope,
  });
}

export function revokeNamedDevice(context: BrokerContext): void {
  const { deviceId: target } = context.request.params as { deviceId: string };
  const { rt, session } = context;
  let revoked = 0;
  // A user manages their own devices ("sign out / revoke sessions from device settings").
  for (const candidate of rt.broker.sessionsOf(session!.userId, target)) if (revokeDeviceSession(rt, candidate)) revoked += 1;
  if (session!.deviceId === target && revokeDeviceSession(rt, session!)) revoked += 1;
  context.request.ts.outcome = revoked > 0 ? 'device-revoked' : 'revoke-noop';
  context.request.ts.detail = { deviceId: target, revoked };
  context.reply.header('cache-control', 'no-store').send({ revoked });
}

export const OPEN_SESSION_STEPS: Step<BrokerContext>[] = [readBrokerDpopProof, redeemCodeIntoVault, mintEphemeralToken, sendEphemeralToken];
export const MINT_STEPS: Step<BrokerContext>[] = [authenticateDeviceSession, readBrokerDpopProof, mintEphemeralToken, sendEphemeralToken];
export const REVOKE_DEVICE_STEPS: Step<BrokerContext>[] = [authenticateDeviceSession, readBrokerDpopProof, revokeNamedDevice];
