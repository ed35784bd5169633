/** Internal: the OAuth surface's own state (what oauth2-mock-server lacks), cleared by the IdP's reset. */
import type { Clock } from '../clock/virtual-clock.ts';
import type { SigningKeyRing } from '../tokens/signing-keys.ts';
import { createAuthorizationCodes, type AuthorizationCodes } from './authorize/authorization-codes.ts';
import { createLoginTransactions, type LoginTransactions } from './authorize/login-transactions.ts';
import { createDeviceGrants, type DeviceGrants } from './device/device-grants.ts';
import { createKeySet, type KeySet } from './keys/key-set.ts';

export interface OAuthState {
  keySet: KeySet;
  transactions: LoginTransactions;
  codes: AuthorizationCodes;
  devices: DeviceGrants;
  /** client_credentials: one family per confidential client, reused while live. */
  serviceFamilies: Map<string, string>;
  clear(): void;
}

export function createOAuthState(options: { clock: Clock; keys: SigningKeyRing; issuer: () => string }): OAuthState {
  const state = {
    keySet: createKeySet(options),
    transactions: createLoginTransactions(options),
    codes: createAuthorizationCodes(options),
    devices: createDeviceGrants(options),
    serviceFamilies: new Map<string, string>(),
  };
  return {
    ...state,
    clear() {
      state.transactions.clear();
      state.codes.clear();
      state.devices.clear();
      state.serviceFamilies.clear();
    },
  };
}
