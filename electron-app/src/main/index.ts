/**
 * The main process: reads the launch configuration, points `userData` at the
 * profile, and once Electron is ready builds the services, registers every IPC
 * handler (before the first window, recipe 1.3) and opens the windows.
 */
import { app, ipcMain, shell } from 'electron';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RETRY_POLICY, getPreset, scaledClock, seededRandom } from '../core/index.ts';
import type { AppConfig, SignOutOutcome, TokenInfo } from '../shared/ipc-contract.ts';
import { EventLog } from './event-log.ts';
import { fingerprint } from './fingerprint.ts';
import { IdpTransport } from './idp-transport.ts';
import { registerIpcHandlers } from './ipc-handlers.ts';
import { createIpcRoutes } from './ipc-routes.ts';
import { readLaunchConfig, type LaunchConfig } from './launch-config.ts';
import { NotesSync } from './notes-sync.ts';
import { createDiscovery, type Discovery } from './oauth/discovery.ts';
import { OAuthSignIn } from './oauth/oauth-sign-in.ts';
import { SecureStorageService, type TokenChange } from './secure-storage-service.ts';
import { SessionFacts } from './session-facts.ts';
import { SessionHub } from './session-hub.ts';
import { SettingsStore } from './settings-store.ts';
import { WindowRegistry } from './windows.ts';

/** The Origin main sends to the IdP: what an Electron page loaded from disk is, and what the IdP's better-auth trusts. */
const APP_ORIGIN = 'file://';
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const RENDERER_FILE = fileURLToPath(new URL('../renderer/index.html', import.meta.url));

function readConfigOrExit(): LaunchConfig | null {
  try {
    return readLaunchConfig(process.argv, process.env);
  } catch (error) {
    console.error(`tokenstorm: ${error instanceof Error ? error.message : String(error)}`);
    app.exit(2);
    return null;
  }
}

const config = readConfigOrExit();
if (config !== null) {
  // Before `ready`: everything the app persists (tokens, settings, logs) lives under userData.
  app.setPath('userData', config.userDataDir === null ? join(app.getPath('appData'), 'tokenstorm') : resolve(config.userDataDir));
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(() => start(config))
    .catch((error: unknown) => {
      console.error('tokenstorm: failed to start', error);
      app.exit(1);
    });
}

function start(config: LaunchConfig): void {
  const userData = app.getPath('userData');
  const preset = getPreset(config.variant);
  const clock = scaledClock(config.timeScale);
  const log = new EventLog({ file: join(userData, 'logs', 'events.jsonl') });
  process.on('unhandledRejection', (reason) => log.record('main', 'main.unhandled-rejection', { message: reason instanceof Error ? reason.message : String(reason) }));

  const windows = new WindowRegistry({
    preloadPath: PRELOAD_PATH,
    rendererFile: RENDERER_FILE,
    onDenied: (windowId, what, url) => log.record(windowId, 'security.denied', { what, target: safeOrigin(url) }),
  });
  log.subscribe((event) => windows.broadcast('events:appended', event));

  const settings = new SettingsStore();
  let facts: SessionFacts | undefined;
  const storage = new SecureStorageService({
    plaintextFallback: !preset.switches.encryptedStorageOnly,
    memoryOnly: !preset.switches.persistTokens,
    onChange: (change) => {
      facts?.tokenChanged(change);
      log.record(change.by, ...describeTokenChange(change));
    },
  });
  const readToken = (key: 'accessToken' | 'refreshToken') => {
    const result = storage.getToken(key);
    return result.success ? (result.data ?? null) : null;
  };
  facts = new SessionFacts({
    settings,
    readRefreshToken: () => readToken('refreshToken'),
    onInfo: (info: TokenInfo) => windows.broadcast('auth:token-info', info),
  });
  const status = storage.status();
  if (status.available) facts.restore({ accessToken: readToken('accessToken'), refreshToken: readToken('refreshToken') });
  else log.record('main', 'secure-storage.unavailable', { backend: status.backend, reason: status.reason });

  // The transport needs discovery for OAuth sessions, and discovery is fetched through the transport.
  let discovery: Discovery | undefined;
  const lazyDiscovery: Discovery = { metadata: () => discovery!.metadata() };
  const transport = new IdpTransport({
    idpUrl: config.idpUrl,
    appOrigin: APP_ORIGIN,
    fetch: globalThis.fetch,
    log,
    session: facts,
    discovery: lazyDiscovery,
    oauthClientId: config.oauthClientId,
    // A last bound on any one request, past the core's own refresh deadline (real time); none where the variant has
    // no deadline at all (`no-timeout`, `recipe-as-written`): there, a hung request hangs, as the recipe's fetch does.
    ...(preset.switches.timeoutRequests ? { timeoutMs: 60_000 } : {}),
  });
  const mainFetch = transport.fetchAs('main');
  discovery = createDiscovery(config.idpUrl, mainFetch);

  const hub = new SessionHub({ idpUrl: config.idpUrl, switches: preset.switches, policy: DEFAULT_RETRY_POLICY, storage, fetch: mainFetch, clock, ...(config.seed === null ? {} : { random: seededRandom(config.seed) }), windows, log });
  const oauth = new OAuthSignIn({
    idpUrl: config.idpUrl,
    clientId: config.oauthClientId,
    discovery: lazyDiscovery,
    fetch: mainFetch,
    clock,
    openExternal: (url) => shell.openExternal(url),
    hub,
    facts,
    settings,
    log,
  });
  const notes = new NotesSync({ dir: join(userData, 'sync'), fetch: hub.authenticatedFetch, currentUser: () => settings.loadUser() });

  let awaitingRestart = false;
  const sessionFacts = facts;
  const finishSignOut = (windowId: string): SignOutOutcome => {
    sessionFacts.finishSignOut();
    settings.clearUser();
    if (notes.hasDependentState()) {
      notes.discard();
      awaitingRestart = true;
      windows.broadcast('app:awaiting-restart', { reason: 'The notes synced by the main process belonged to the signed-out user. Restart to start from a clean state.' });
    }
    log.record(windowId, 'sign-out.finished', { awaitingRestart });
    return { awaitingRestart };
  };

  const configFor = (windowId: string): AppConfig => ({
    windowId,
    windowCount: config.windows,
    variant: preset.name,
    variantDescription: preset.description,
    switches: { ...preset.switches },
    policy: { ...DEFAULT_RETRY_POLICY },
    idpUrl: config.idpUrl,
    timeScale: config.timeScale,
    eventLogPath: log.file,
    platform: process.platform,
  });

  // Recipe 1.3: every handler is registered before the first window exists.
  registerIpcHandlers({
    ipcMain,
    trusted: windows,
    ...createIpcRoutes({
      configFor,
      storage,
      settings,
      transport,
      hub,
      facts,
      oauth,
      notes,
      log,
      finishSignOut,
      restart: () => {
        log.record('main', 'app.restart', {});
        app.relaunch();
        app.exit(0);
      },
    }),
    onRefused: (channel, error) =>
      log.record('main', 'ipc.refused', { channel, errorCode: (error as { code?: unknown }).code ?? 'INTERNAL', message: error instanceof Error ? error.message : String(error) }),
  });

  log.record('main', 'app.started', {
    variant: preset.name,
    idpUrl: config.idpUrl,
    windows: config.windows,
    timeScale: config.timeScale,
    userData,
    secureStorage: status.available,
    backend: status.backend,
    electron: process.versions['electron'] ?? null,
    pid: process.pid,
  });
  for (let index = 0; index < config.windows; index++) windows.open(`w${index + 1}`, index);
}

function describeTokenChange(change: TokenChange): [string, Record<string, unknown>] {
  switch (change.kind) {
    case 'stored':
      return ['token.stored', { key: change.key, fp: fingerprint(change.value) }];
    case 'deleted':
      return ['token.deleted', { key: change.key }];
    case 'cleared':
      return ['token.cleared', {}];
  }
}

function safeOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' ? 'file:' : parsed.origin;
  } catch {
    return 'invalid-url';
  }
}
