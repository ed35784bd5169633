/**
 * The whole IPC surface between the renderer (through the preload) and main:
 * one list of channel names per direction, and the argument and result types of
 * each. Main registers exactly one handler per invoke channel and checks the
 * sender of every message (main/ipc-guard.ts); the preload exposes one named
 * function per channel and never `ipcRenderer` itself.
 */
import type { CachedUser, PresetName, SessionEvent, TokenKey } from '../core/index.ts';
import type { ClientSwitches, RetryPolicy } from '../core/index.ts';
import type { IpcResult } from './client-errors.ts';

/** Renderer → main, answered (`ipcRenderer.invoke` / `ipcMain.handle`). */
export const INVOKE_CHANNELS = [
  // The recipe's secure-storage surface (section 1.2), keys restricted to accessToken | refreshToken.
  'secure-storage:is-available',
  'secure-storage:set',
  'secure-storage:get',
  'secure-storage:delete',
  'secure-storage:clear',
  'secure-storage:status',
  // App
  'app:get-config',
  'app:restart',
  'events:recent',
  // The renderer's requests to the IdP, sent by main (see main/idp-transport.ts for why).
  'idp:request',
  // The main-process refresh coordinator (variants with `coordinateInMain`).
  'auth:refresh',
  'auth:begin-sign-out',
  'auth:finish-sign-out',
  'auth:token-info',
  // Non-sensitive user display data for the optimistic restore (plain settings file).
  'user-cache:load',
  'user-cache:save',
  'user-cache:clear',
  // OAuth sign-in done by main: system browser + PKCE + loopback (RFC 8252), device flow (RFC 8628).
  'oauth:sign-in-browser',
  'oauth:device-start',
  'oauth:device-wait',
  'oauth:device-open-verification',
  'oauth:cancel',
  // The main process's own authenticated fetch (recipe section 7): a per-user notes sync.
  'sync:notes',
] as const;

/** Renderer → main, fire-and-forget (`ipcRenderer.send` / `ipcMain.on`); ordered with the invokes of the same window. */
export const SEND_CHANNELS = ['auth:session-started', 'auth:session-ended', 'auth:publish', 'log:event'] as const;

/** Main → renderer (`webContents.send` / `ipcRenderer.on`). */
export const PUSH_CHANNELS = ['auth:session-event', 'auth:token-info', 'events:appended', 'app:awaiting-restart'] as const;

export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];
export type SendChannel = (typeof SEND_CHANNELS)[number];
export type PushChannel = (typeof PUSH_CHANNELS)[number];

export const TOKEN_KEYS = ['accessToken', 'refreshToken'] as const satisfies readonly TokenKey[];

export function isTokenKey(value: unknown): value is TokenKey {
  return typeof value === 'string' && (TOKEN_KEYS as readonly string[]).includes(value);
}

/** What main tells each window at startup. */
export interface AppConfig {
  windowId: string;
  windowCount: number;
  variant: PresetName;
  variantDescription: string;
  switches: ClientSwitches;
  policy: RetryPolicy;
  idpUrl: string;
  /** How many times faster than real time the client's clock runs (1: real time); see launch-config.ts. */
  timeScale: number;
  /** Where the event log is written (shown in the event panel). */
  eventLogPath: string;
  platform: string;
}

export interface SecureStorageStatus {
  available: boolean;
  /** `safeStorage.getSelectedStorageBackend()` on Linux, else null. */
  backend: string | null;
  /** Why it is unavailable, in words a user can act on. */
  reason: string | null;
}

export type IdpMethod = 'GET' | 'POST';

export interface IdpRequest {
  method: IdpMethod;
  /** Path and query on the IdP, e.g. `/api/notes`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface IdpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type SerializedRefreshReason = { kind: 'startup' } | { kind: 'rejected-access'; accessToken: string };

export interface SessionEventMessage {
  event: SessionEvent;
  /** The main coordinator's `isExpired()` after the event. */
  expired: boolean;
}

export type SessionKind = 'password' | 'oauth';

export interface TokenInfo {
  signedIn: boolean;
  sessionKind: SessionKind | null;
  accessTokenFp: string | null;
  refreshTokenFp: string | null;
  /** Estimated from the access token's own lifetime (`exp - iat`) and when it was stored; null for an opaque session token. */
  accessTokenExpiresAt: number | null;
  lastRefreshAt: number | null;
}

export interface DeviceAuthorization {
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string | null;
  expiresAt: number;
  intervalSeconds: number;
}

export interface NotesSyncResult {
  userId: string;
  count: number;
  syncedAt: number;
}

export interface SignOutOutcome {
  awaitingRestart: boolean;
}

export interface AwaitingRestart {
  reason: string;
}

/** One line of `<userData>/logs/events.jsonl`, as the event panel receives it. */
export interface ClientEvent {
  seq: number;
  t: number;
  source: 'client';
  window: string;
  type: string;
  [field: string]: unknown;
}

/** Event types a renderer may log (main adds `window` from the sender and refuses the rest). */
export const RENDERER_EVENT_TYPES = [
  'state.changed',
  'retry.scheduled',
  'offline',
  'online',
  'burst.started',
  'burst.finished',
  'session-expired.shown',
  'sign-in.failed',
  'renderer.ready',
] as const;

export type RendererEventType = (typeof RENDERER_EVENT_TYPES)[number];

export interface RendererEvent {
  type: RendererEventType;
  fields?: Record<string, string | number | boolean | null>;
}

export interface InvokeMap {
  'secure-storage:is-available': { args: []; result: boolean };
  'secure-storage:set': { args: [key: TokenKey, value: string]; result: IpcResult<void> };
  'secure-storage:get': { args: [key: TokenKey]; result: IpcResult<string | undefined> };
  'secure-storage:delete': { args: [key: TokenKey]; result: IpcResult<void> };
  'secure-storage:clear': { args: []; result: IpcResult<void> };
  'secure-storage:status': { args: []; result: IpcResult<SecureStorageStatus> };
  'app:get-config': { args: []; result: IpcResult<AppConfig> };
  'app:restart': { args: []; result: IpcResult<void> };
  'events:recent': { args: []; result: IpcResult<ClientEvent[]> };
  'idp:request': { args: [request: IdpRequest]; result: IpcResult<IdpResponse> };
  'auth:refresh': { args: [reason: SerializedRefreshReason]; result: IpcResult<{ accessToken: string }> };
  'auth:begin-sign-out': { args: []; result: IpcResult<void> };
  'auth:finish-sign-out': { args: []; result: IpcResult<SignOutOutcome> };
  'auth:token-info': { args: []; result: IpcResult<TokenInfo> };
  'user-cache:load': { args: []; result: IpcResult<CachedUser | null> };
  'user-cache:save': { args: [user: CachedUser]; result: IpcResult<void> };
  'user-cache:clear': { args: []; result: IpcResult<void> };
  'oauth:sign-in-browser': { args: []; result: IpcResult<CachedUser> };
  'oauth:device-start': { args: []; result: IpcResult<DeviceAuthorization> };
  'oauth:device-wait': { args: []; result: IpcResult<CachedUser> };
  'oauth:device-open-verification': { args: []; result: IpcResult<void> };
  'oauth:cancel': { args: []; result: IpcResult<void> };
  'sync:notes': { args: []; result: IpcResult<NotesSyncResult> };
}

export interface SendMap {
  'auth:session-started': [];
  'auth:session-ended': [];
  'auth:publish': [event: SessionEvent];
  'log:event': [event: RendererEvent];
}

export interface PushMap {
  'auth:session-event': SessionEventMessage;
  'auth:token-info': TokenInfo;
  'events:appended': ClientEvent;
  'app:awaiting-restart': AwaitingRestart;
}

export type InvokeArgs<C extends InvokeChannel> = InvokeMap[C]['args'];
export type InvokeResult<C extends InvokeChannel> = InvokeMap[C]['result'];

/** The three IPC primitives the preload builds its API from (ipcRenderer in Electron, a fake in tests). */
export interface RendererIpc {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResult<C>>;
  send<C extends SendChannel>(channel: C, ...args: SendMap[C]): void;
  on<C extends PushChannel>(channel: C, listener: (payload: PushMap[C]) => void): () => void;
}
