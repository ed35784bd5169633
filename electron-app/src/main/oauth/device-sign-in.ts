/**
 * The device authorization grant (RFC 8628): ask for a user code, show it, poll
 * the token endpoint at the given interval until the user approves. The device
 * code stays in main; the renderer sees only the user code and the URI.
 */
import type { Clock, FetchLike } from '../../core/index.ts';
import { ClientError } from '../../shared/client-errors.ts';
import type { DeviceAuthorization } from '../../shared/ipc-contract.ts';
import { formBody, FORM_HEADERS, postTokenRequest, type OAuthTokens } from './token-endpoint.ts';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const MAX_INTERVAL_S = 60;

export interface DeviceGrant {
  deviceCode: string;
  display: DeviceAuthorization;
}

/** RFC 8628 §3.1–3.2. */
export async function requestDeviceAuthorization(
  deps: { fetch: FetchLike; clock: Clock },
  endpoint: string,
  params: { clientId: string; scope: string },
): Promise<DeviceGrant> {
  let response;
  try {
    response = await deps.fetch(endpoint, { method: 'POST', headers: FORM_HEADERS, body: formBody({ client_id: params.clientId, scope: params.scope }) });
  } catch (error) {
    throw new ClientError('IDP_UNREACHABLE', `device authorization endpoint unreachable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const body = ((await response.json().catch(() => null)) ?? {}) as Record<string, unknown>;
  if (response.status !== 200) {
    throw new ClientError('OAUTH_FAILED', `device authorization refused (${response.status}): ${String(body['error'] ?? 'no error code')}${body['error_description'] ? ` (${String(body['error_description'])})` : ''}`);
  }
  const { device_code, user_code, verification_uri, verification_uri_complete, expires_in, interval } = body;
  if (typeof device_code !== 'string' || typeof user_code !== 'string' || typeof verification_uri !== 'string' || typeof expires_in !== 'number') {
    throw new ClientError('OAUTH_FAILED', 'device authorization answer lacks device_code, user_code, verification_uri or expires_in (RFC 8628 §3.2)');
  }
  return {
    deviceCode: device_code,
    display: {
      userCode: user_code,
      verificationUri: verification_uri,
      verificationUriComplete: typeof verification_uri_complete === 'string' ? verification_uri_complete : null,
      expiresAt: deps.clock.now() + expires_in * 1_000,
      // §3.2: "If no value is provided, clients MUST use 5 as the default."
      intervalSeconds: typeof interval === 'number' && interval > 0 ? interval : 5,
    },
  };
}

export interface PollEvents {
  /** Each answer that is not yet a token: `authorization_pending`, `slow_down`, or a transient failure. */
  onPending?(status: string, nextPollInSeconds: number): void;
}

/** RFC 8628 §3.4–3.5: poll until approved, denied or expired; `slow_down` adds 5 s to the interval, transient failures double it. */
export async function pollDeviceToken(
  deps: { fetch: FetchLike; clock: Clock; signal?: AbortSignal },
  tokenEndpoint: string,
  grant: DeviceGrant,
  clientId: string,
  events: PollEvents = {},
): Promise<OAuthTokens> {
  let intervalS = grant.display.intervalSeconds;
  for (;;) {
    await sleep(deps.clock, intervalS * 1_000, deps.signal);
    if (deps.clock.now() >= grant.display.expiresAt) throw new ClientError('DEVICE_CODE_EXPIRED', 'the user code expired before it was entered (RFC 8628 expired_token)');
    let answer;
    try {
      answer = await postTokenRequest(deps.fetch, tokenEndpoint, { grant_type: DEVICE_CODE_GRANT, device_code: grant.deviceCode, client_id: clientId });
    } catch {
      intervalS = Math.min(MAX_INTERVAL_S, intervalS * 2);
      events.onPending?.('network', intervalS);
      continue;
    }
    if (answer.ok) return answer.tokens;
    switch (answer.error) {
      case 'authorization_pending':
        events.onPending?.('authorization_pending', intervalS);
        continue;
      case 'slow_down':
        intervalS = Math.min(MAX_INTERVAL_S, intervalS + 5);
        events.onPending?.('slow_down', intervalS);
        continue;
      case 'access_denied':
        throw new ClientError('OAUTH_DENIED', 'the user denied the device sign-in');
      case 'expired_token':
        throw new ClientError('DEVICE_CODE_EXPIRED', 'the user code expired before it was entered');
      default:
        if (answer.status === 429 || answer.status >= 500) {
          intervalS = Math.min(MAX_INTERVAL_S, intervalS * 2);
          events.onPending?.(`http ${answer.status}`, intervalS);
          continue;
        }
        throw new ClientError('OAUTH_FAILED', `token endpoint: ${answer.error}${answer.description ? ` (${answer.description})` : ''}`);
    }
  }
}

function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new ClientError('OAUTH_CANCELLED', 'device sign-in cancelled'));
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(new ClientError('OAUTH_CANCELLED', 'device sign-in cancelled'));
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
