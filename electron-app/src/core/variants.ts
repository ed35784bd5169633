/**
 * The client's variants. Every correction the reference makes to the recipe is
 * one switch, and so is each safeguard the recipe already has that a classic bug
 * leaves out (`encryptedStorageOnly`, `persistTokens`); a preset is a named set
 * of switches. `reference` turns every switch on, `recipe-as-written` reproduces
 * the seed recipe's code (its safeguards on, every correction off), and each
 * other preset turns exactly one switch off to demonstrate one classic bug.
 */
import { checkCompleteRecord } from './caller-errors.ts';

export interface ClientSwitches {
  /** Concurrent refreshes within one coordinator join the one in flight instead of each presenting the refresh token. */
  singleFlight: boolean;
  /** One refresh coordinator lives in the main process and is shared by every window (the recipe keeps one mutex per renderer). */
  coordinateInMain: boolean;
  /** A 401 for a request sent with a token that has since been replaced is retried with the current token, not answered with another refresh. */
  staleTokenRetry: boolean;
  /** Only a definitive refresh failure (401/403, `invalid_grant`, reuse detected) ends the session; 429, 5xx, network errors and timeouts keep the tokens. */
  keepTokensOnTransientFailure: boolean;
  /** Transient refresh failures are retried with exponential backoff and jitter, never before `Retry-After`, within a refresh budget per minute. */
  backoff: boolean;
  /** The refresh token returned by a rotation replaces the stored one. */
  persistRotatedRefreshToken: boolean;
  /** Startup refreshes first instead of presenting the (probably expired) stored access token and treating its 401 as the end of the session. */
  refreshFirstStartup: boolean;
  /** Sign-out is authoritative: it clears locally first, and a refresh response arriving afterwards is discarded instead of stored. */
  guardLateRefresh: boolean;
  /** A failed refresh ends the session once, in the coordinator; callers do not each run `handleAuthExpired` and clear the store again. */
  expireOnce: boolean;
  /** Every request to the IdP has a deadline, so a hung refresh cannot hold the mutex (and every caller) forever. */
  timeoutRequests: boolean;
  /**
   * Tokens are stored only when safeStorage can encrypt them: without a usable keychain, sign-in is refused (the
   * recipe's "do not silently fall back to unencrypted storage"). Off: they are written to disk as they are. A
   * main-process switch: the core's refresh logic does not read it.
   */
  encryptedStorageOnly: boolean;
  /**
   * The encrypted tokens are persisted with electron-store, so a restart keeps the session (the recipe: safeStorage
   * encrypts but does not persist). Off: they live in memory only. A main-process switch, as `encryptedStorageOnly`.
   */
  persistTokens: boolean;
}

export type SwitchName = keyof ClientSwitches;

export const SWITCH_NAMES = [
  'singleFlight',
  'coordinateInMain',
  'staleTokenRetry',
  'keepTokensOnTransientFailure',
  'backoff',
  'persistRotatedRefreshToken',
  'refreshFirstStartup',
  'guardLateRefresh',
  'expireOnce',
  'timeoutRequests',
  'encryptedStorageOnly',
  'persistTokens',
] as const satisfies readonly SwitchName[];

export const REFERENCE_SWITCHES: Readonly<ClientSwitches> = Object.freeze({
  singleFlight: true,
  coordinateInMain: true,
  staleTokenRetry: true,
  keepTokensOnTransientFailure: true,
  backoff: true,
  persistRotatedRefreshToken: true,
  refreshFirstStartup: true,
  guardLateRefresh: true,
  expireOnce: true,
  timeoutRequests: true,
  encryptedStorageOnly: true,
  persistTokens: true,
});

const validated = new WeakSet<Readonly<ClientSwitches>>();

/**
 * Throws a TypeError naming the switch when `switches` is not a complete set of
 * booleans; returns it unchanged. A missing switch would read as `false` and
 * silently turn its correction off.
 */
export function validateSwitches(switches: Readonly<ClientSwitches>): Readonly<ClientSwitches> {
  if (validated.has(switches)) return switches;
  checkCompleteRecord(switches, SWITCH_NAMES, {
    subject: 'switches',
    noun: 'switch',
    plural: 'switches',
    defaults: 'REFERENCE_SWITCHES (or getPreset(name).switches)',
    expected: 'true or false',
    accepts: (value) => typeof value === 'boolean',
  });
  if (Object.isFrozen(switches)) validated.add(switches);
  return switches;
}

export type PresetName =
  | 'reference'
  | 'recipe-as-written'
  | 'no-single-flight'
  | 'per-renderer-mutex'
  | 'stale-401-refresh'
  | 'clears-on-transient'
  | 'no-backoff'
  | 'drops-rotated-refresh'
  | 'access-first-startup'
  | 'late-refresh-resurrects'
  | 'expires-per-caller'
  | 'no-timeout'
  | 'plaintext-fallback'
  | 'memory-only-tokens';

export interface VariantPreset {
  readonly name: PresetName;
  /** One paragraph for an educator: what the variant does and the failure it demonstrates. */
  readonly description: string;
  readonly switches: Readonly<ClientSwitches>;
}

function withBug(off: Partial<Record<SwitchName, false>>): Readonly<ClientSwitches> {
  return Object.freeze({ ...REFERENCE_SWITCHES, ...off });
}

export const PRESETS: readonly VariantPreset[] = Object.freeze([
  {
    name: 'reference',
    description:
      'Every correction on. Refresh is coordinated in the main process for all windows and single-flight; a 401 for an already-replaced token is retried with the current one; only a definitive rejection of the refresh token (401/403, invalid_grant, reuse detected) ends the session, once; 429, 5xx, network errors and timeouts keep the tokens and are retried with exponential backoff, jitter and Retry-After within a refresh budget; the rotated refresh token is always stored; startup refreshes first; sign-out wins over any refresh still in flight.',
    switches: REFERENCE_SWITCHES,
  },
  {
    name: 'recipe-as-written',
    description:
      "The seed recipe's code, bugs included. Each renderer has its own refresh mutex, so two windows race one rotation and the loser presents a superseded refresh token. Any refresh failure, even a 429 or a dropped connection, runs handleAuthExpired in every waiting caller and wipes the tokens. A 401 that arrives after the refresh already finished starts a second refresh. There is no backoff, no Retry-After, no request deadline (a hung refresh hangs every caller), startup presents the stored access token and treats its 401 as the end of the session, and sign-out cannot stop a refresh in flight from writing tokens back.",
    switches: Object.freeze({
      singleFlight: true,
      coordinateInMain: false,
      staleTokenRetry: false,
      keepTokensOnTransientFailure: false,
      backoff: false,
      persistRotatedRefreshToken: true,
      refreshFirstStartup: false,
      guardLateRefresh: false,
      expireOnce: false,
      timeoutRequests: false,
      // The recipe checks isEncryptionAvailable() before every read and write, says not to fall back, and
      // persists safeStorage's ciphertext with electron-store.
      encryptedStorageOnly: true,
      persistTokens: true,
    }),
  },
  {
    name: 'no-single-flight',
    description:
      'The reference without single-flight: every caller that gets a 401 starts its own refresh. When several requests fail together, the first refresh rotates the token and the others present the refresh token it just superseded; a provider with reuse detection (RFC 9700 §4.14.2) treats that as theft, revokes the whole family, and the user is signed out by their own app.',
    switches: withBug({ singleFlight: false }),
  },
  {
    name: 'per-renderer-mutex',
    description:
      "The reference, but the refresh mutex lives in each window, as in the recipe. Within one window everything is fine; with two windows open, both see the expired token at once, both refresh with the same refresh token, and the second one is reuse of a superseded token: the family is revoked and every window's session ends.",
    switches: withBug({ coordinateInMain: false }),
  },
  {
    name: 'stale-401-refresh',
    description:
      'The reference without stale-token detection. A request sent with the old access token gets its 401 after the refresh has already completed; the client does not notice the token has changed and refreshes again. Every such straggler costs one more rotation, one more IdP round-trip, and against a rate-limited IdP, a 429.',
    switches: withBug({ staleTokenRetry: false }),
  },
  {
    name: 'clears-on-transient',
    description:
      'The reference, except that any refresh failure is taken as the end of the session: a 429, a 503 during a deploy, a dropped Wi-Fi connection or a timeout wipes the stored tokens and the user has to sign in again although their session was perfectly valid. This is the hostile force-logout the recipe itself warns about.',
    switches: withBug({ keepTokensOnTransientFailure: false }),
  },
  {
    name: 'no-backoff',
    description:
      'The reference without backoff: a transient refresh failure is retried immediately, ignoring Retry-After and any budget. Against an IdP that is rate limiting or recovering, every client hammers it at once (a thundering herd), which keeps it overloaded and earns more 429s.',
    switches: withBug({ backoff: false }),
  },
  {
    name: 'drops-rotated-refresh',
    description:
      'The reference, but after a refresh only the new access token is stored and the old refresh token is kept. The first refresh works; at the next expiry the client presents the refresh token the IdP already rotated away, reuse detection fires, and the session dies one access-token lifetime after sign-in.',
    switches: withBug({ persistRotatedRefreshToken: false }),
  },
  {
    name: 'access-first-startup',
    description:
      "The reference, but startup validates the session with the stored access token (the recipe's getSession call) and treats a 401 as an invalid session. After the app has been closed longer than the access-token lifetime that token is always expired, so a perfectly valid refresh token is thrown away and the user is asked to sign in on every morning start.",
    switches: withBug({ refreshFirstStartup: false }),
  },
  {
    name: 'late-refresh-resurrects',
    description:
      'The reference without the sign-out guard (and with the recipe\'s order: revoke on the server, then clear). If the user signs out while a refresh is in flight, the refresh response arrives afterwards and its tokens are written back: the app shows a signed-out UI while valid tokens sit in secure storage, and the next call is silently authenticated again. When the server already revoked the session, the late refresh is rejected instead and flips the window the user just signed out of to "session expired".',
    switches: withBug({ guardLateRefresh: false }),
  },
  {
    name: 'expires-per-caller',
    description:
      "The reference, but every caller whose refresh failed runs handleAuthExpired itself, as the recipe's authenticatedFetch does. With ten requests waiting, the store is cleared ten times and the expiry notification logic runs ten times; a straggler can even wipe a session the user has signed in to again in the meantime.",
    switches: withBug({ expireOnce: false }),
  },
  {
    name: 'no-timeout',
    description:
      'The reference without request deadlines. A refresh request that the IdP never answers (a half-open connection, a captive portal) holds the single-flight lock forever: every caller waiting on it hangs, and so does every later call, until the app is restarted.',
    switches: withBug({ timeoutRequests: false }),
  },
  {
    name: 'plaintext-fallback',
    description:
      'The reference, except where the operating system has no usable keychain (a Linux desktop without gnome-keyring or KWallet): instead of refusing to sign in, it writes the tokens to its settings file as they are, "just this once". Everything appears to work, and anyone who can read the profile directory, a backup or a synced home folder holds a live session. The recipe warns against exactly this: do not silently fall back to unencrypted storage.',
    switches: withBug({ encryptedStorageOnly: false }),
  },
  {
    name: 'memory-only-tokens',
    description:
      'The reference, but the tokens safeStorage encrypts are kept in memory and never written to disk: the early mistake the recipe describes, since safeStorage encrypts and does not persist. Within one run of the app nothing looks wrong; every restart (an update, a reboot, the next morning) finds no tokens, and the user must sign in again although the session is alive at the IdP.',
    switches: withBug({ persistTokens: false }),
  },
] satisfies VariantPreset[]);

export const BUGGY_PRESET_NAMES: readonly PresetName[] = PRESETS.filter((p) => p.name !== 'reference').map((p) => p.name);

export function getPreset(name: PresetName): VariantPreset {
  const preset = PRESETS.find((p) => p.name === name);
  if (preset === undefined) throw new TypeError(`Unknown client preset "${String(name)}"; expected one of ${PRESETS.map((p) => p.name).join(', ')}`);
  return preset;
}

/** The switches by which `switches` differs from the reference (the corrections turned off). */
export function disabledCorrections(switches: Readonly<ClientSwitches>): SwitchName[] {
  validateSwitches(switches);
  return SWITCH_NAMES.filter((name) => !switches[name]);
}
