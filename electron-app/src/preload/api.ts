/**
 * What the preload exposes to the page, built from three IPC primitives so it
 * can be typed (`typeof`) by the renderer and tested without Electron. Each
 * function maps to exactly one channel; `ipcRenderer` itself never leaves the
 * preload, and listeners never see the IPC event object.
 */
import type { CachedUser, SessionEvent, TokenKey } from '../core/index.ts';
import type { IdpRequest, PushMap, RendererEvent, RendererIpc, SerializedRefreshReason } from '../shared/ipc-contract.ts';

/** The recipe's `window.secureStorage` (section 2.1): five calls, keys restricted to the two auth tokens. */
export function createSecureStorageApi(ipc: RendererIpc) {
  return {
    isAvailable: () => ipc.invoke('secure-storage:is-available'),
    setToken: (key: TokenKey, value: string) => ipc.invoke('secure-storage:set', key, value),
    getToken: (key: TokenKey) => ipc.invoke('secure-storage:get', key),
    deleteToken: (key: TokenKey) => ipc.invoke('secure-storage:delete', key),
    clearAll: () => ipc.invoke('secure-storage:clear'),
  };
}

/** `window.tokenstorm`: the narrow auth and API calls the app needs besides token storage. */
export function createTokenstormApi(ipc: RendererIpc) {
  return {
    app: {
      getConfig: () => ipc.invoke('app:get-config'),
      restart: () => ipc.invoke('app:restart'),
      secureStorageStatus: () => ipc.invoke('secure-storage:status'),
      recentEvents: () => ipc.invoke('events:recent'),
      onEvent: (listener: (payload: PushMap['events:appended']) => void) => ipc.on('events:appended', listener),
      onAwaitingRestart: (listener: (payload: PushMap['app:awaiting-restart']) => void) => ipc.on('app:awaiting-restart', listener),
      log: (event: RendererEvent) => ipc.send('log:event', event),
    },
    idp: {
      request: (request: IdpRequest) => ipc.invoke('idp:request', request),
    },
    session: {
      refresh: (reason: SerializedRefreshReason) => ipc.invoke('auth:refresh', reason),
      started: () => ipc.send('auth:session-started'),
      ended: () => ipc.send('auth:session-ended'),
      publish: (event: SessionEvent) => ipc.send('auth:publish', event),
      onEvent: (listener: (payload: PushMap['auth:session-event']) => void) => ipc.on('auth:session-event', listener),
      beginSignOut: () => ipc.invoke('auth:begin-sign-out'),
      finishSignOut: () => ipc.invoke('auth:finish-sign-out'),
      tokenInfo: () => ipc.invoke('auth:token-info'),
      onTokenInfo: (listener: (payload: PushMap['auth:token-info']) => void) => ipc.on('auth:token-info', listener),
    },
    userCache: {
      load: () => ipc.invoke('user-cache:load'),
      save: (user: CachedUser) => ipc.invoke('user-cache:save', user),
      clear: () => ipc.invoke('user-cache:clear'),
    },
    oauth: {
      signInWithBrowser: () => ipc.invoke('oauth:sign-in-browser'),
      startDeviceFlow: () => ipc.invoke('oauth:device-start'),
      waitForDeviceFlow: () => ipc.invoke('oauth:device-wait'),
      openVerificationPage: () => ipc.invoke('oauth:device-open-verification'),
      cancel: () => ipc.invoke('oauth:cancel'),
    },
    sync: {
      notes: () => ipc.invoke('sync:notes'),
    },
  };
}

export type SecureStorageApi = ReturnType<typeof createSecureStorageApi>;
export type TokenstormApi = ReturnType<typeof createTokenstormApi>;
