/**
 * The recipe's auth store (section 5.1) on top of the auth core: the core owns
 * the session (refresh-first startup, single-flight refresh, classification),
 * this store mirrors its state for the UI and adds the flows that need main:
 * sign-in through the browser or with a code, sign-out with revocation and the
 * awaiting-restart prompt.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AuthErrorCode, CachedUser, SessionState } from '../../../core/index.ts';
import type { DeviceAuthorization, SecureStorageStatus, TokenInfo } from '../../../shared/ipc-contract.ts';
import { api, errorCode, errorMessage, unwrap } from '../services/bridge.ts';
import { clientServices } from '../services/client-services.ts';
import { logEvent } from '../services/client-log.ts';
import { getAccessToken } from '../services/token-service.ts';
import { useNotesStore } from './notes.store.ts';

export type SignInMethod = 'password' | 'browser' | 'device';

export const useAuthStore = defineStore('auth', () => {
  const session = ref<SessionState>(clientServices().client.state());
  const isLoading = ref(false);
  const secureStorage = ref<SecureStorageStatus | null>(null);
  const tokenInfo = ref<TokenInfo | null>(null);
  const signInError = ref<string | null>(null);
  const pendingMethod = ref<SignInMethod | null>(null);
  const device = ref<DeviceAuthorization | null>(null);
  const awaitingRestart = ref<string | null>(null);
  const expiryNotified = ref(false);

  const user = computed<CachedUser | null>(() => session.value.user);
  const status = computed(() => session.value.status);
  const lastErrorCode = computed<AuthErrorCode | null>(() => session.value.lastErrorCode);
  const isAuthExpired = computed(() => session.value.status === 'expired');
  const isAuthenticated = computed(() => session.value.user !== null && session.value.status !== 'signed-out');

  const { client, coordinator, config } = clientServices();
  client.subscribe((next) => {
    const previous = session.value;
    session.value = next;
    if (previous.status !== next.status || previous.lastErrorCode !== next.lastErrorCode) {
      logEvent('state.changed', { from: previous.status, to: next.status, errorCode: next.lastErrorCode });
    }
    if (next.status === 'expired' && previous.status !== 'expired') handleAuthExpired();
    if (next.status === 'authenticated') expiryNotified.value = false;
  });
  api().session.onTokenInfo((info) => {
    tokenInfo.value = info;
  });
  api().app.onAwaitingRestart(({ reason }) => {
    awaitingRestart.value = reason;
  });

  // --- Session restoration (recipe 5.2: on mount) ---
  async function initializeAuth(): Promise<void> {
    isLoading.value = true;
    try {
      secureStorage.value = unwrap(await api().app.secureStorageStatus());
      // Recipe: check the OS keychain first (the Linux edge case); without it, auth is disabled, never downgraded.
      if (!secureStorage.value.available) return;
      await client.initialize();
      tokenInfo.value = unwrap(await api().session.tokenInfo());
    } finally {
      isLoading.value = false;
    }
  }

  // --- Sign in ---
  async function signIn(email: string, password: string): Promise<void> {
    await runSignIn('password', () => client.signIn(email, password));
  }

  async function signInWithBrowser(): Promise<void> {
    await runSignIn('browser', async () => adoptExternalSession(unwrap(await api().oauth.signInWithBrowser())));
  }

  async function startDeviceSignIn(): Promise<void> {
    await runSignIn('device', async () => {
      device.value = unwrap(await api().oauth.startDeviceFlow());
      try {
        return adoptExternalSession(unwrap(await api().oauth.waitForDeviceFlow()));
      } finally {
        device.value = null;
      }
    });
  }

  async function openVerificationPage(): Promise<void> {
    unwrap(await api().oauth.openVerificationPage());
  }

  async function cancelSignIn(): Promise<void> {
    unwrap(await api().oauth.cancel());
  }

  // --- Session refresh (the recipe's refreshSession, here a forced refresh through the coordinator) ---
  async function refreshSession(): Promise<boolean> {
    const accessToken = await getAccessToken();
    if (accessToken === null) return false;
    const result = await coordinator.refresh({ kind: 'rejected-access', accessToken });
    return result.ok;
  }

  // --- Auth expiration: the core already flagged it and cleared the tokens; tell the user once, keep their work. ---
  function handleAuthExpired(): void {
    if (expiryNotified.value) return;
    expiryNotified.value = true;
    logEvent('session-expired.shown', { errorCode: session.value.lastErrorCode });
  }

  // --- Sign out ---
  async function signOut(): Promise<void> {
    isLoading.value = true;
    try {
      // Main keeps an OAuth refresh token just long enough to revoke it after the local clear (RFC 7009).
      unwrap(await api().session.beginSignOut());
      await client.signOut();
      const outcome = unwrap(await api().session.finishSignOut());
      // Explicit sign-out: nothing of this user stays on screen (an expiry, by contrast, keeps everything).
      useNotesStore().reset();
      if (outcome.awaitingRestart) awaitingRestart.value ??= 'Restart to finish signing out.';
      expiryNotified.value = false;
    } finally {
      isLoading.value = false;
    }
  }

  async function restartApp(): Promise<void> {
    unwrap(await api().app.restart());
  }

  async function runSignIn(method: SignInMethod, attempt: () => Promise<CachedUser>): Promise<void> {
    signInError.value = null;
    pendingMethod.value = method;
    isLoading.value = true;
    try {
      await attempt();
      tokenInfo.value = unwrap(await api().session.tokenInfo());
    } catch (error) {
      signInError.value = describeSignInError(method, error);
      if (method === 'password') logEvent('sign-in.failed', { method, errorCode: errorCode(error) });
    } finally {
      isLoading.value = false;
      pendingMethod.value = null;
    }
  }

  /** A session main obtained (OAuth): a window with its own coordinator starts the session itself. */
  function adoptExternalSession(signedIn: CachedUser): CachedUser {
    if (!config.switches.coordinateInMain) {
      coordinator.sessionStarted();
      coordinator.publish({ type: 'signed-in', user: signedIn });
    }
    return signedIn;
  }

  return {
    session,
    user,
    status,
    lastErrorCode,
    isLoading,
    isAuthExpired,
    isAuthenticated,
    secureStorage,
    tokenInfo,
    signInError,
    pendingMethod,
    device,
    awaitingRestart,
    initializeAuth,
    signIn,
    signInWithBrowser,
    startDeviceSignIn,
    openVerificationPage,
    cancelSignIn,
    signOut,
    refreshSession,
    handleAuthExpired,
    restartApp,
    dismissRestart: () => {
      awaitingRestart.value = null;
    },
  };
});

function describeSignInError(method: SignInMethod, error: unknown): string {
  switch (errorCode(error)) {
    case 'SIGN_IN_FAILED':
      return 'The email or password was not accepted.';
    case 'NETWORK':
    case 'TIMEOUT':
      return 'The identity provider could not be reached. Check the connection and try again.';
    case 'OAUTH_CANCELLED':
      return 'Sign-in was cancelled.';
    case 'OAUTH_DENIED':
      return 'Sign-in was refused in the browser.';
    case 'OAUTH_TIMEOUT':
      return 'The browser sign-in took too long. Try again.';
    case 'DEVICE_CODE_EXPIRED':
      return 'The code expired before it was entered. Ask for a new one.';
    case 'ENCRYPTION_UNAVAILABLE':
      return 'Secure storage is unavailable, so the session cannot be kept. Tokens are never stored in plaintext.';
    default:
      return `${method === 'password' ? 'Sign-in' : method === 'browser' ? 'Browser sign-in' : 'Sign-in with a code'} failed: ${errorMessage(error)}`;
  }
}
