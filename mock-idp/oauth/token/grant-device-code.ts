/**
 * `grant_type=urn:ietf:params:oauth:grant-type:device_code` (RFC 8628 §3.4-3.5):
 * `authorization_pending` until the person approves, `slow_down` (and 5 s more
 * interval) for polling faster than the interval in virtual time,
 * `access_denied`, `expired_token` by the virtual clock.
 */
import { IdpError } from '../../errors.ts';
import type { Step } from '../../http/pipeline.ts';
import { fingerprint } from '../../tokens/fingerprint.ts';
import { requireParam } from '../params.ts';
import { rotateAndRespond } from './issue-tokens.ts';
import type { TokenContext } from './token-context.ts';

/** RFC 8628 §3.5: each slow_down adds 5 seconds to the interval. */
export const SLOW_DOWN_STEP_MS = 5_000;
/** Timer granularity: a client that waits exactly `interval` may arrive a few ms early in real time. */
const POLL_TOLERANCE_MS = 50;

const UNKNOWN_DEVICE_CODE = 'the device code is not known to this IdP, or was not issued to this client';

export function loadDeviceGrant(context: TokenContext): void {
  const deviceCode = requireParam(context.params, 'device_code');
  const grant = context.rt.oauth.devices.byDeviceCode(deviceCode);
  context.request.ts.presentedFp = grant?.fp ?? fingerprint(deviceCode);
  if (!grant) throw new IdpError('DEVICE_CODE_INVALID', UNKNOWN_DEVICE_CODE);
  // Another client's device code is answered as unknown: the answer must not confirm it.
  if (grant.clientId !== context.client!.id) throw new IdpError('DEVICE_CODE_INVALID', UNKNOWN_DEVICE_CODE, { outcome: 'grant-client-mismatch' });
  context.device = grant;
}

export function checkDevicePolling(context: TokenContext): void {
  const grant = context.device!;
  const now = context.rt.clock.now();
  if (grant.status === 'redeemed') throw new IdpError('DEVICE_CODE_INVALID', 'the device code was already redeemed');
  if (now > grant.expiresAt) throw new IdpError('EXPIRED_TOKEN', 'the device code expired: start a new device authorization');
  if (grant.status === 'denied') throw new IdpError('ACCESS_DENIED', 'the user denied the device authorization');
  if (grant.status === 'approved') {
    grant.status = 'redeemed';
    return;
  }
  const tooSoon = grant.lastPolledAt !== undefined && now - grant.lastPolledAt < grant.intervalMs - POLL_TOLERANCE_MS;
  grant.lastPolledAt = now;
  if (tooSoon) {
    grant.intervalMs += SLOW_DOWN_STEP_MS;
    context.request.ts.detail = { intervalMs: grant.intervalMs };
    throw new IdpError('SLOW_DOWN', `polling too fast: wait at least ${grant.intervalMs / 1000} s between requests`);
  }
  throw new IdpError('AUTHORIZATION_PENDING', 'the user has not yet approved the device');
}

export async function issueDeviceTokens(context: TokenContext): Promise<void> {
  const { rt, device } = context;
  const family = rt.store.get(device!.familyId!);
  if (!family || !rt.store.isLive(family)) throw new IdpError('DEVICE_CODE_INVALID', 'the session behind this device code ended');
  await rotateAndRespond(context, family.sessionToken, { idToken: { nonce: undefined, authTime: device!.authTime! } });
  context.request.ts.outcome = 'device-redeemed';
}

export const DEVICE_CODE_STEPS: Step<TokenContext>[] = [loadDeviceGrant, checkDevicePolling, issueDeviceTokens];
