/** `POST /oauth/token` (RFC 6749 §3.2): the whole endpoint as one table of steps, and one table per grant. */
import { IdpError } from '../../errors.ts';
import { quoted } from '../../http/error-description.ts';
import { runSteps, type Step } from '../../http/pipeline.ts';
import { authenticateClient } from '../clients/authenticate-client.ts';
import { GRANT_TYPES, type GrantName } from '../clients/client-schema.ts';
import { readOAuthParams, requireParam } from '../params.ts';
import { AUTHORIZATION_CODE_STEPS } from './grant-authorization-code.ts';
import { CLIENT_CREDENTIALS_STEPS } from './grant-client-credentials.ts';
import { DEVICE_CODE_STEPS } from './grant-device-code.ts';
import { REFRESH_TOKEN_STEPS } from './grant-refresh-token.ts';
import { readClientAttestation } from './attestation-binding.ts';
import { readDpopProof } from './dpop-binding.ts';
import { sendTokenResponse } from './issue-tokens.ts';
import type { TokenContext } from './token-context.ts';

const GRANT_STEPS: Record<GrantName, Step<TokenContext>[]> = {
  authorization_code: AUTHORIZATION_CODE_STEPS,
  refresh_token: REFRESH_TOKEN_STEPS,
  device_code: DEVICE_CODE_STEPS,
  client_credentials: CLIENT_CREDENTIALS_STEPS,
};

const GRANT_BY_TYPE = new Map(Object.entries(GRANT_TYPES).map(([name, type]) => [type as string, name as GrantName]));

export function readTokenParams(context: TokenContext): void {
  context.params = readOAuthParams(context.request.body);
}

export function authenticateTokenClient(context: TokenContext): void {
  const { client } = authenticateClient(context.rt.config.clients, context.request, context.params);
  context.client = client;
  context.request.ts.clientId = client.id;
}

export function selectGrant(context: TokenContext): void {
  const type = requireParam(context.params, 'grant_type');
  const grant = GRANT_BY_TYPE.get(type);
  if (!grant) throw new IdpError('UNSUPPORTED_GRANT_TYPE', `grant_type ${quoted(type)} is not supported`);
  if (!context.client!.grants.includes(grant)) throw new IdpError('UNAUTHORIZED_CLIENT', `client "${context.client!.id}" may not use grant_type ${quoted(type)}`);
  context.grant = grant;
  context.request.ts.detail = { grant };
}

export async function runGrant(context: TokenContext): Promise<void> {
  await runSteps(GRANT_STEPS[context.grant!], context);
}

export const TOKEN_STEPS: Step<TokenContext>[] = [readTokenParams, authenticateTokenClient, selectGrant, readClientAttestation, readDpopProof, runGrant, sendTokenResponse];
