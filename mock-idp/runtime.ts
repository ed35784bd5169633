/** Internal: the parts of one running mock IdP, shared by its routes and its admin API. */
import type { VirtualClock } from './clock/virtual-clock.ts';
import type { IdpConfig } from './config/idp-config.ts';
import type { EventHistory } from './events/history.ts';
import type { FaultEngine } from './faults/index.ts';
import type { AuthDb, IdpAuth } from './auth/better-auth-instance.ts';
import type { NotesStore } from './resource/notes-store.ts';
import type { AccessLedger } from './tokens/access-ledger.ts';
import type { FamilyStore } from './tokens/family-store.ts';
import type { RotationPolicy } from './tokens/rotation-policy.ts';
import type { TokenService } from './tokens/token-service.ts';
import type { SigningKeyRing } from './tokens/signing-keys.ts';
import type { OAuthState } from './oauth/oauth-state.ts';
import type { BrokerState } from './broker/broker-state.ts';
import type { TelemetryState } from './telemetry/telemetry-state.ts';
import type { DpopVerifier } from './oauth/dpop/dpop-proofs.ts';
import type { ClientAttestations } from './oauth/attestation/client-attestation.ts';

export interface IdpRuntime {
  config: IdpConfig;
  policy: RotationPolicy;
  clock: VirtualClock;
  faults: FaultEngine;
  store: FamilyStore;
  ledger: AccessLedger;
  tokens: TokenService;
  /** The keys access and ID tokens are signed with: current, published, retired. */
  keys: SigningKeyRing;
  history: EventHistory;
  db: AuthDb;
  notes: NotesStore;
  /** OAuth codes, device grants, login transactions and the OIDC key set. */
  oauth: OAuthState;
  /** Ephemeral-token broker: device sessions whose provider refresh token stays server-side. */
  broker: BrokerState;
  /** Per-install telemetry tokens and the events accepted with them. */
  telemetry: TelemetryState;
  /** DPoP proofs: checks, server nonces, proofs seen. */
  dpop: DpopVerifier;
  /** The client attester, and the checks of the attestations it issued. */
  attestations: ClientAttestations;
  /** better-auth; call it through `callBetterAuth` (auth/better-auth-calls.ts). */
  auth(): IdpAuth;
  url(): string;
}
