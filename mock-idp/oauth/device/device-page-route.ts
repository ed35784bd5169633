/**
 * The user-code page (RFC 8628 §3.3): `GET /oauth/device[?user_code=…]` shows
 * the form, `POST /oauth/device` approves (after sign-in) or denies the device.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IdpError, isIdpError } from '../../errors.ts';
import { outcomeOfCode, refusedRequestsAnsweredBy } from '../../http/error-handler.ts';
import { runSteps, type Step } from '../../http/pipeline.ts';
import type { IdpRuntime } from '../../runtime.ts';
import { findClient } from '../clients/authenticate-client.ts';
import { signInFromPage } from '../login/sign-in-user.ts';
import { deviceDonePage, devicePage } from '../pages/device-page.ts';
import { errorPage, sendPage } from '../pages/layout.ts';
import { readOAuthParams, type OAuthParams } from '../params.ts';
import { normalizeUserCode, type DeviceGrant } from './device-grants.ts';

interface DevicePageContext {
  rt: IdpRuntime;
  request: FastifyRequest;
  reply: FastifyReply;
  params: OAuthParams;
  grant?: DeviceGrant;
}

function readForm(context: DevicePageContext): void {
  context.params = readOAuthParams(context.request.body);
}

function loadUserCode(context: DevicePageContext): void {
  const typed = context.params.get('user_code');
  if (typed === undefined || normalizeUserCode(typed) === '') throw new IdpError('USER_CODE_INVALID', 'enter the code shown on your device');
  const grant = context.rt.oauth.devices.byUserCode(typed);
  if (!grant || grant.status !== 'pending' || context.rt.clock.now() > grant.expiresAt) {
    throw new IdpError('USER_CODE_INVALID', 'this code is wrong, expired or already used: check the code on your device');
  }
  context.grant = grant;
  context.request.ts.clientId = grant.clientId;
  context.request.ts.detail = { deviceCodeFp: grant.fp };
}

function clientName(context: DevicePageContext): string {
  const client = findClient(context.rt.config.clients, context.grant!.clientId);
  return client?.name ?? context.grant!.clientId;
}

function denyDevice(context: DevicePageContext): void {
  context.grant!.status = 'denied';
  context.request.ts.outcome = 'device-denied';
  sendPage(context.reply, 200, deviceDonePage({ approved: false, clientName: clientName(context), scopes: [] }));
}

async function approveDevice(context: DevicePageContext): Promise<void> {
  const { rt, grant } = context;
  // Claim the code before the sign-in's first await: a concurrent approval or denial finds it taken
  // (loadUserCode), so no second sign-in starts a session nobody will use.
  grant!.status = 'approving';
  const signedIn = await signInFromPage(rt, context.params, grant!, () => {
    grant!.status = 'pending';
  });
  Object.assign(grant!, { status: 'approved', familyId: signedIn.family.id, userId: signedIn.userId, authTime: signedIn.authTime });
  context.request.ts.userId = signedIn.userId;
  context.request.ts.familyId = signedIn.family.id;
  context.request.ts.outcome = 'device-approved';
  sendPage(context.reply, 200, deviceDonePage({ approved: true, clientName: clientName(context), scopes: grant!.scope.split(' ') }));
}

/** The person's decision: Deny needs no sign-in; Approve does. */
function decideDevice(context: DevicePageContext): void | Promise<void> {
  return context.params.get('action') === 'deny' ? denyDevice(context) : approveDevice(context);
}

const DEVICE_PAGE_STEPS: Step<DevicePageContext>[] = [readForm, loadUserCode, decideDevice];

function respondToDevicePageError(context: DevicePageContext, error: unknown): FastifyReply {
  if (!isIdpError(error)) throw error;
  context.request.ts.outcome = outcomeOfCode(error.code);
  const form = { userCode: context.params.get('user_code') ?? '', login: context.params.get('email') ?? '' };
  if (error.code === 'LOGIN_FAILED') return sendPage(context.reply, 401, devicePage({ ...form, error: 'Wrong email, username or password.' }));
  if (error.code === 'USER_CODE_INVALID') return sendPage(context.reply, 400, { ...devicePage({ ...form, error: error.message }), oauthError: error.oauthError });
  return sendPage(context.reply, 400, errorPage('This device request cannot continue', error.oauthError, error.message));
}

export function registerDevicePageRoutes(app: FastifyInstance, rt: IdpRuntime): void {
  const config = { group: 'device' };
  app.get('/oauth/device', { config }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    request.ts.outcome = 'device-page';
    return sendPage(reply, 200, devicePage({ userCode: typeof query.user_code === 'string' ? query.user_code : '' }));
  });
  // A request Fastify refuses before the handler (a body too large, a bad Content-Type) gets the error page too.
  const errorHandler = refusedRequestsAnsweredBy((error, request, reply) => respondToDevicePageError({ rt, request, reply, params: new Map() }, error));
  app.post('/oauth/device', { config, errorHandler }, async (request, reply) => {
    const context: DevicePageContext = { rt, request, reply, params: new Map() };
    try {
      await runSteps(DEVICE_PAGE_STEPS, context);
    } catch (error) {
      respondToDevicePageError(context, error);
    }
    return reply;
  });
}
