/** `POST /oauth/device_authorization` (RFC 8628 §3.1-3.2): a device code, a user code and where to enter it. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IdpError } from '../../errors.ts';
import { runSteps, type Step } from '../../http/pipeline.ts';
import type { IdpRuntime } from '../../runtime.ts';
import { authenticateClient } from '../clients/authenticate-client.ts';
import type { OAuthClient } from '../clients/client-schema.ts';
import { readOAuthParams, type OAuthParams } from '../params.ts';
import { parseScope, requireScopesWithin } from '../scopes.ts';
import { formatUserCode } from './device-grants.ts';

interface DeviceAuthorizationContext {
  rt: IdpRuntime;
  request: FastifyRequest;
  reply: FastifyReply;
  params: OAuthParams;
  client?: OAuthClient;
  scope?: string;
}

function readParams(context: DeviceAuthorizationContext): void {
  context.params = readOAuthParams(context.request.body);
}

function authenticateDeviceClient(context: DeviceAuthorizationContext): void {
  context.client = authenticateClient(context.rt.config.clients, context.request, context.params).client;
  context.request.ts.clientId = context.client.id;
  if (!context.client.grants.includes('device_code')) throw new IdpError('UNAUTHORIZED_CLIENT', `client "${context.client.id}" may not use the device authorization grant`);
}

function resolveDeviceScope(context: DeviceAuthorizationContext): void {
  const client = context.client!;
  const requested = parseScope(context.params.get('scope') ?? '');
  context.scope = (requested.length > 0 ? requireScopesWithin(requested, client.scopes, `allowed for client "${client.id}"`) : client.scopes).join(' ');
}

function startDeviceGrant(context: DeviceAuthorizationContext): void {
  const { rt } = context;
  const { oauth } = rt.config;
  const { deviceCode, grant } = rt.oauth.devices.start({ clientId: context.client!.id, scope: context.scope!, ttlMs: oauth.deviceCodeTtl, intervalMs: oauth.devicePollInterval });
  rt.ledger.rememberToken(deviceCode);
  const userCode = formatUserCode(grant.userCode);
  const verificationUri = `${rt.url()}/oauth/device`;
  context.request.ts.outcome = 'device-code-issued';
  context.request.ts.detail = { deviceCodeFp: grant.fp };
  context.reply.header('cache-control', 'no-store').send({
    device_code: deviceCode,
    user_code: userCode,
    verification_uri: verificationUri,
    verification_uri_complete: `${verificationUri}?user_code=${encodeURIComponent(userCode)}`,
    expires_in: Math.floor(oauth.deviceCodeTtl / 1000),
    interval: grant.intervalMs / 1000,
  });
}

const DEVICE_AUTHORIZATION_STEPS: Step<DeviceAuthorizationContext>[] = [readParams, authenticateDeviceClient, resolveDeviceScope, startDeviceGrant];

export function registerDeviceAuthorizationRoute(app: FastifyInstance, rt: IdpRuntime): void {
  app.post('/oauth/device_authorization', { config: { group: 'device' } }, async (request, reply) => {
    await runSteps(DEVICE_AUTHORIZATION_STEPS, { rt, request, reply, params: new Map() });
    return reply;
  });
}
