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

export interface IdpRuntime {
  config: IdpConfig;
  policy: RotationPolicy;
  clock: VirtualClock;
  faults: FaultEngine;
  store: FamilyStore;
  ledger: AccessLedger;
  tokens: TokenService;
  history: EventHistory;
  db: AuthDb;
  notes: NotesStore;
  auth(): IdpAuth;
  url(): string;
}
