/**
 * The broker's vault: one device session per (user, device). The provider's
 * refresh token lives here and never leaves the server; the desktop holds only
 * an opaque device-session credential (kept as a hash), usable at the broker
 * alone, bound to its device and revocable.
 */
import { capacityBound } from '../capacity-bound.ts';
import { fingerprintOfHash, opaqueToken, tokenHash } from '../tokens/fingerprint.ts';

const CAPACITY = 10_000;

export interface DeviceSession {
  fp: string;
  deviceId: string;
  userId: string;
  clientId: string;
  familyId: string;
  createdAt: number;
  revoked: boolean;
  /** The vaulted provider refresh token (raw: the broker presents it to rotate). Server-side only. */
  vaultedRefreshToken: string;
  /** The desktop's DPoP key (JWK thumbprint), when it opened the session with a proof: every later call must prove it. */
  jkt: string | undefined;
}

export interface BrokerState {
  open(session: Omit<DeviceSession, 'fp' | 'revoked'>): { credential: string; session: DeviceSession };
  find(credential: string): DeviceSession | undefined;
  /** Live sessions of one user's device. */
  sessionsOf(userId: string, deviceId: string): DeviceSession[];
  clear(): void;
}

export function createBrokerState(): BrokerState {
  const sessions = new Map<string, DeviceSession>();
  const bound = capacityBound(sessions, CAPACITY);
  return {
    open(input) {
      const credential = opaqueToken('bds');
      const hash = tokenHash(credential);
      const session: DeviceSession = { ...input, fp: fingerprintOfHash(hash), revoked: false };
      sessions.set(hash, session);
      bound.enforce();
      return { credential, session };
    },
    find: (credential) => sessions.get(tokenHash(credential)),
    sessionsOf: (userId, deviceId) => [...sessions.values()].filter((session) => !session.revoked && session.userId === userId && session.deviceId === deviceId),
    clear: () => sessions.clear(),
  };
}
