/** The default IdP target: a fresh in-memory simulated IdP per run. */
import { NO_FAULTS } from './faults.ts';
import { createSimIdp, type SimIdp, type SimIdpOptions } from './sim-idp.ts';
import type { IdpSession, IdpTarget } from './types.ts';

export const SIM_BASE_URL = 'http://sim-idp.invalid';

export interface SimIdpSession extends IdpSession {
  readonly idp: SimIdp;
}

export function simIdpTarget(options: Omit<SimIdpOptions, 'clock' | 'faults'> = {}): IdpTarget {
  return {
    name: 'simulated IdP',
    open(clock, faults): SimIdpSession {
      const idp = createSimIdp({ ...options, clock, faults });
      return {
        idp,
        baseUrl: SIM_BASE_URL,
        transport: (request) => idp.handle(request),
        seedSession() {
          const { token } = idp.seedSession();
          return { accessToken: token, refreshToken: token };
        },
        expireAccessTokens: () => idp.expireAccessTokens(),
        accessTtlMs: idp.accessTtlMs,
        heal: () => idp.setFaults(NO_FAULTS),
      };
    },
  };
}
