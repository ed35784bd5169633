/**
 * Device authorization grants (RFC 8628): a device code for the device to poll
 * with, a short user code for the person to type, and the polling state —
 * interval, last poll, `slow_down` increments — all on the virtual clock.
 */
import { randomInt } from 'node:crypto';
import { capacityBound } from '../../capacity-bound.ts';
import type { Clock } from '../../clock/virtual-clock.ts';
import { fingerprintOfHash, opaqueToken, tokenHash } from '../../tokens/fingerprint.ts';

const CAPACITY = 10_000;
/** RFC 8628 §6.1: base-20 consonants, no vowels (no words), no ambiguous characters. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

/** `approving`: the person is signing in to approve; the device still hears `authorization_pending`. */
export type DeviceGrantStatus = 'pending' | 'approving' | 'approved' | 'denied' | 'redeemed';

export interface DeviceGrant {
  fp: string;
  userCode: string;
  clientId: string;
  scope: string;
  expiresAt: number;
  intervalMs: number;
  lastPolledAt: number | undefined;
  status: DeviceGrantStatus;
  familyId: string | undefined;
  userId: string | undefined;
  authTime: number | undefined;
}

export interface DeviceGrants {
  start(input: { clientId: string; scope: string; ttlMs: number; intervalMs: number }): { deviceCode: string; grant: DeviceGrant };
  byDeviceCode(deviceCode: string): DeviceGrant | undefined;
  /** Finds a grant by what a person typed: case, dashes and spaces do not matter. */
  byUserCode(typed: string): DeviceGrant | undefined;
  clear(): void;
}

/** `WDJB-MJHT` style: 8 characters, shown with a dash, compared without it. */
export function normalizeUserCode(typed: string): string {
  return typed.toUpperCase().replace(/[^A-Z]/g, '');
}

export function formatUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export function createDeviceGrants(options: { clock: Clock }): DeviceGrants {
  const byHash = new Map<string, DeviceGrant>();
  const byUser = new Map<string, DeviceGrant>();
  const bound = capacityBound(byHash, CAPACITY, { onForget: (_, grant) => byUser.delete(grant.userCode) });

  function newUserCode(): string {
    for (;;) {
      const code = Array.from({ length: 8 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join('');
      if (!byUser.has(code)) return code;
    }
  }

  return {
    start({ clientId, scope, ttlMs, intervalMs }) {
      const deviceCode = opaqueToken('dc');
      const hash = tokenHash(deviceCode);
      const grant: DeviceGrant = {
        fp: fingerprintOfHash(hash),
        userCode: newUserCode(),
        clientId,
        scope,
        expiresAt: options.clock.now() + ttlMs,
        intervalMs,
        lastPolledAt: undefined,
        status: 'pending',
        familyId: undefined,
        userId: undefined,
        authTime: undefined,
      };
      byHash.set(hash, grant);
      byUser.set(grant.userCode, grant);
      bound.enforce();
      return { deviceCode, grant };
    },
    byDeviceCode: (deviceCode) => byHash.get(tokenHash(deviceCode)),
    byUserCode: (typed) => byUser.get(normalizeUserCode(typed)),
    clear() {
      byHash.clear();
      byUser.clear();
    },
  };
}
