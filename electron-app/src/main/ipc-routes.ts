/**
 * One handler per IPC channel, mapped to the main-process services. Handlers
 * receive the verified window id and unchecked arguments, and validate them.
 */
import { ClientError, failed, ok } from '../shared/client-errors.ts';
import { RENDERER_EVENT_TYPES, type AppConfig, type RendererEventType, type SignOutOutcome } from '../shared/ipc-contract.ts';
import type { EventLog } from './event-log.ts';
import type { IdpTransport } from './idp-transport.ts';
import type { InvokeHandlers, SendHandlers } from './ipc-handlers.ts';
import type { NotesSync } from './notes-sync.ts';
import type { OAuthSignIn } from './oauth/oauth-sign-in.ts';
import type { SecureStorageService } from './secure-storage-service.ts';
import type { SessionFacts } from './session-facts.ts';
import type { SessionHub } from './session-hub.ts';
import type { SettingsStore } from './settings-store.ts';

export interface AppServices {
  configFor(windowId: string): AppConfig;
  storage: SecureStorageService;
  settings: SettingsStore;
  transport: IdpTransport;
  hub: SessionHub;
  facts: SessionFacts;
  oauth: OAuthSignIn;
  notes: NotesSync;
  log: EventLog;
  finishSignOut(windowId: string): SignOutOutcome;
  restart(): void;
}

export function createIpcRoutes(s: AppServices): { invoke: InvokeHandlers; send: SendHandlers } {
  const invoke: InvokeHandlers = {
    'secure-storage:is-available': () => s.storage.isAvailable(),
    'secure-storage:set': (windowId, key, value) => s.storage.setToken(key, value, windowId),
    'secure-storage:get': (_windowId, key) => s.storage.getToken(key),
    'secure-storage:delete': (windowId, key) => s.storage.deleteToken(key, windowId),
    'secure-storage:clear': (windowId) => s.storage.clearAll(windowId),
    'secure-storage:status': () => ok(s.storage.status()),
    'app:get-config': (windowId) => ok(s.configFor(windowId)),
    'app:restart': () => {
      s.restart();
      return ok(undefined);
    },
    'events:recent': () => ok(s.log.recent()),
    'idp:request': async (windowId, request) => ok(await s.transport.forward(windowId, request)),
    'auth:refresh': (_windowId, reason) => s.hub.refresh(reason),
    'auth:begin-sign-out': () => {
      s.facts.beginSignOut();
      return ok(undefined);
    },
    'auth:finish-sign-out': (windowId) => ok(s.finishSignOut(windowId)),
    'auth:token-info': () => ok(s.facts.info()),
    'user-cache:load': () => ok(s.settings.loadUser()),
    'user-cache:save': (_windowId, user) => {
      s.settings.saveUser(user);
      return ok(undefined);
    },
    'user-cache:clear': () => {
      s.settings.clearUser();
      return ok(undefined);
    },
    'oauth:sign-in-browser': async (windowId) => ok(await s.oauth.withBrowser(windowId)),
    'oauth:device-start': async (windowId) => ok(await s.oauth.startDevice(windowId)),
    'oauth:device-wait': async (windowId) => ok(await s.oauth.waitForDevice(windowId)),
    'oauth:device-open-verification': async () => {
      await s.oauth.openVerificationPage();
      return ok(undefined);
    },
    'oauth:cancel': () => {
      s.oauth.cancel();
      return ok(undefined);
    },
    'sync:notes': async (windowId) => {
      try {
        const result = await s.notes.sync();
        s.log.record(windowId, 'sync.finished', { count: result.count, via: 'main-authenticated-fetch' });
        return ok(result);
      } catch (error) {
        s.log.record(windowId, 'sync.failed', { errorCode: (error as { code?: unknown }).code ?? 'INTERNAL' });
        return failed(error);
      }
    },
  };

  const send: SendHandlers = {
    'auth:session-started': () => s.hub.sessionStarted(),
    'auth:session-ended': () => s.hub.sessionEnded(),
    'auth:publish': (_windowId, event) => s.hub.publish(event),
    'log:event': (windowId, event) => {
      const { type, fields } = parseRendererEvent(event);
      s.log.record(windowId, type, fields);
    },
  };

  return { invoke, send };
}

export function parseRendererEvent(value: unknown): { type: RendererEventType; fields: Record<string, string | number | boolean | null> } {
  const { type, fields } = (value ?? {}) as { type?: unknown; fields?: unknown };
  if (!(RENDERER_EVENT_TYPES as readonly unknown[]).includes(type)) {
    throw new ClientError('INVALID_IPC_ARGUMENT', `log:event: unknown event type ${JSON.stringify(type)}; expected one of ${RENDERER_EVENT_TYPES.join(', ')}`);
  }
  const checked: Record<string, string | number | boolean | null> = {};
  if (fields !== undefined && (typeof fields !== 'object' || fields === null)) throw new ClientError('INVALID_IPC_ARGUMENT', 'log:event: fields must be an object');
  for (const [key, field] of Object.entries((fields ?? {}) as Record<string, unknown>).slice(0, 20)) {
    if (field === null || typeof field === 'number' || typeof field === 'boolean') checked[key] = field;
    else if (typeof field === 'string') checked[key] = field.slice(0, 500);
    else throw new ClientError('INVALID_IPC_ARGUMENT', `log:event: field "${key}" must be a string, number, boolean or null`);
  }
  return { type: type as RendererEventType, fields: checked };
}
