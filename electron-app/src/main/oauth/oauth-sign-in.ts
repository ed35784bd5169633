/**
 * The OAuth sign-ins main runs for the windows: system browser + PKCE, and the
 * device flow. One flow at a time; a new one cancels the previous. On success
 * the tokens go straight into secure storage — the renderer only learns who
 * signed in.
 */
import type { CachedUser, Clock, FetchLike } from '../../core/index.ts';
import { ClientError } from '../../shared/client-errors.ts';
import type { DeviceAuthorization } from '../../shared/ipc-contract.ts';
import type { EventLog } from '../event-log.ts';
import { fingerprint } from '../fingerprint.ts';
import type { SessionHub } from '../session-hub.ts';
import type { SessionFacts } from '../session-facts.ts';
import type { SettingsStore } from '../settings-store.ts';
import { chooseScope, signInWithBrowser } from './browser-sign-in.ts';
import { pollDeviceToken, requestDeviceAuthorization, type DeviceGrant } from './device-sign-in.ts';
import type { Discovery } from './discovery.ts';
import type { OAuthTokens } from './token-endpoint.ts';

export const WANTED_SCOPES = ['openid', 'profile', 'email', 'offline_access', 'notes:read', 'notes:write'] as const;

export interface OAuthSignInOptions {
  idpUrl: string;
  clientId: string;
  discovery: Discovery;
  fetch: FetchLike;
  clock: Clock;
  openExternal(url: string): Promise<void>;
  hub: Pick<SessionHub, 'storeExternalSession'>;
  facts: Pick<SessionFacts, 'setSessionKind'>;
  settings: Pick<SettingsStore, 'saveUser'>;
  log: Pick<EventLog, 'record'>;
  /** How long the browser flow waits for the redirect (default 5 minutes). */
  browserTimeoutMs?: number;
}

export class OAuthSignIn {
  private active: AbortController | null = null;
  private device: { grant: DeviceGrant; windowId: string } | null = null;

  constructor(private readonly options: OAuthSignInOptions) {}

  async withBrowser(windowId: string): Promise<CachedUser> {
    const signal = this.begin();
    const { discovery, fetch, clientId, log } = this.options;
    log.record(windowId, 'sign-in.started', { method: 'browser' });
    try {
      const metadata = await discovery.metadata();
      const tokens = await signInWithBrowser({
        discovery,
        fetch,
        clientId,
        scope: chooseScope(WANTED_SCOPES, metadata.scopesSupported),
        timeoutMs: this.options.browserTimeoutMs ?? 5 * 60_000,
        signal,
        openExternal: this.options.openExternal,
      });
      return await this.complete(windowId, 'browser', tokens);
    } catch (error) {
      log.record(windowId, 'sign-in.failed', { method: 'browser', errorCode: codeOf(error), message: messageOf(error) });
      throw error;
    }
  }

  async startDevice(windowId: string): Promise<DeviceAuthorization> {
    this.begin();
    const { discovery, fetch, clientId, clock, log } = this.options;
    const metadata = await discovery.metadata();
    if (metadata.deviceAuthorizationEndpoint === null) throw new ClientError('DISCOVERY_FAILED', 'the IdP advertises no device_authorization_endpoint');
    const grant = await requestDeviceAuthorization({ fetch, clock }, metadata.deviceAuthorizationEndpoint, {
      clientId,
      scope: chooseScope(WANTED_SCOPES, metadata.scopesSupported),
    });
    this.device = { grant, windowId };
    log.record(windowId, 'sign-in.started', { method: 'device', intervalSeconds: grant.display.intervalSeconds });
    return grant.display;
  }

  async waitForDevice(windowId: string): Promise<CachedUser> {
    const device = this.device;
    const signal = this.active?.signal;
    if (device === null || signal === undefined) throw new ClientError('OAUTH_FAILED', 'no device sign-in is in progress');
    const { discovery, fetch, clientId, clock, log } = this.options;
    try {
      const metadata = await discovery.metadata();
      const tokens = await pollDeviceToken({ fetch, clock, signal }, metadata.tokenEndpoint, device.grant, clientId, {
        onPending: (status, next) => log.record(windowId, 'device.pending', { status, nextPollInSeconds: next }),
      });
      return await this.complete(windowId, 'device', tokens);
    } catch (error) {
      log.record(windowId, 'sign-in.failed', { method: 'device', errorCode: codeOf(error), message: messageOf(error) });
      throw error;
    } finally {
      if (this.device === device) this.device = null;
    }
  }

  /** Opens the verification page the IdP gave (never a URL from the renderer). */
  async openVerificationPage(): Promise<void> {
    const display = this.device?.grant.display;
    if (display === undefined) throw new ClientError('OAUTH_FAILED', 'no device sign-in is in progress');
    await this.options.openExternal(display.verificationUriComplete ?? display.verificationUri);
  }

  cancel(): void {
    this.active?.abort();
    this.active = null;
    this.device = null;
  }

  private begin(): AbortSignal {
    this.cancel();
    this.active = new AbortController();
    return this.active.signal;
  }

  private async complete(windowId: string, method: 'browser' | 'device', tokens: OAuthTokens): Promise<CachedUser> {
    const user = await this.fetchUser(tokens.accessToken);
    // Before the tokens are stored: from now on the transport refreshes this session with the refresh_token grant.
    this.options.facts.setSessionKind('oauth');
    await this.options.hub.storeExternalSession({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }, user);
    this.options.settings.saveUser(user);
    this.active = null;
    this.options.log.record(windowId, 'sign-in.succeeded', {
      method,
      accessFp: fingerprint(tokens.accessToken),
      refreshFp: fingerprint(tokens.refreshToken),
      expiresIn: tokens.expiresIn,
      scope: tokens.scope,
    });
    return user;
  }

  private async fetchUser(accessToken: string): Promise<CachedUser> {
    const response = await this.options.fetch(`${this.options.idpUrl}/api/me`, { method: 'GET', headers: { Authorization: `Bearer ${accessToken}` } });
    const body = (await response.json().catch(() => null)) as { user?: { id?: unknown; email?: unknown; name?: unknown } } | null;
    const user = body?.user;
    if (response.status !== 200 || typeof user?.email !== 'string') throw new ClientError('OAUTH_FAILED', `GET /api/me with the new access token answered ${response.status}`);
    return { id: typeof user.id === 'string' ? user.id : '', email: user.email, name: typeof user.name === 'string' ? user.name : user.email };
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'INTERNAL';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
