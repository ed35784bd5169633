/**
 * Every request the client sends to the IdP leaves through here: the renderer's
 * (forwarded over `idp:request`) and main's own (refresh coordinator, main
 * authenticated fetch, OAuth flows).
 *
 * Why the renderer does not fetch the IdP itself: a page loaded from `file://`
 * is cross-origin to the IdP and sends `Origin: null`; the IdP answers no CORS
 * preflight and better-auth refuses a null Origin (MISSING_OR_NULL_ORIGIN).
 * Main sends the app's trusted Origin instead, only to the IdP, only on the
 * routes the app uses. It also tags every request with `x-tokenstorm-client`
 * (the window or `main`), logs it without tokens, and, for a session obtained
 * through OAuth, carries the recipe's refresh and sign-out calls to the
 * standard endpoints (RFC 6749 §6 refresh_token grant, RFC 7009 revocation).
 */
import { classifyRefreshResponse, describeOutcome, type FetchLike, type RequestInitLike, type ResponseLike } from '../core/index.ts';
import { ClientError } from '../shared/client-errors.ts';
import type { IdpMethod, IdpRequest, IdpResponse, SessionKind } from '../shared/ipc-contract.ts';
import type { EventLog } from './event-log.ts';
import { fingerprint } from './fingerprint.ts';
import type { Discovery } from './oauth/discovery.ts';
import { formBody, FORM_HEADERS } from './oauth/token-endpoint.ts';

export const CLIENT_HEADER = 'x-tokenstorm-client';

/** The routes a renderer may reach, and with which method. */
export const RENDERER_ROUTES: readonly { method: IdpMethod; path: string }[] = [
  { method: 'POST', path: '/api/auth/sign-in/email' },
  { method: 'POST', path: '/api/auth/sign-in/username' },
  { method: 'POST', path: '/api/auth/sign-out' },
  { method: 'POST', path: '/api/auth/refresh' },
  { method: 'GET', path: '/api/auth/get-session' },
  { method: 'GET', path: '/api/auth/list-sessions' },
  { method: 'GET', path: '/api/me' },
  { method: 'GET', path: '/api/notes' },
  { method: 'POST', path: '/api/notes' },
];

const FORWARDED_REQUEST_HEADERS = new Set(['authorization', 'content-type', 'accept']);
const RETURNED_RESPONSE_HEADERS = ['content-type', 'retry-after', 'www-authenticate'];
const MAX_BODY_BYTES = 64 * 1024;

/** What the transport needs to know about the stored session. */
export interface TransportSession {
  sessionKind(): SessionKind | null;
  setSessionKind(kind: SessionKind | null): void;
  refreshed(): void;
  takeRevocationCandidate(): string | null;
}

export interface IdpTransportOptions {
  idpUrl: string;
  /** Sent as `Origin`; must be one the IdP's better-auth trusts. */
  appOrigin: string;
  fetch: typeof globalThis.fetch;
  log: Pick<EventLog, 'record'>;
  session: TransportSession;
  discovery: Discovery;
  oauthClientId: string;
  /** A hard ceiling on any one request, whatever the caller's own deadline; none when not given. */
  timeoutMs?: number;
  now?: () => number;
}

type Route = 'refresh' | 'sign-in' | 'sign-out' | 'api';

export class IdpTransport {
  private readonly origin: string;
  private readonly now: () => number;

  constructor(private readonly options: IdpTransportOptions) {
    this.origin = new URL(options.idpUrl).origin;
    this.now = options.now ?? Date.now;
  }

  /** A renderer's request (`idp:request`): checked against the allowed routes, then sent. */
  async forward(windowId: string, request: unknown): Promise<IdpResponse> {
    return this.exchange(windowId, checkRendererRequest(request));
  }

  /** A FetchLike for main's own requests, tagged with `from` (e.g. `main`). */
  fetchAs(from: string): FetchLike {
    return async (url: string, init: RequestInitLike = {}): Promise<ResponseLike> => {
      const target = new URL(url);
      if (target.origin !== this.origin) throw new TypeError(`main only talks to the IdP (${this.origin}), not ${target.origin}`);
      const method = (init.method ?? 'GET').toUpperCase();
      if (method !== 'GET' && method !== 'POST') throw new TypeError(`unsupported method ${method}`);
      const request: IdpRequest = { method, path: target.pathname + target.search, headers: init.headers ?? {}, ...(init.body === undefined ? {} : { body: init.body }) };
      return toResponseLike(await this.exchange(from, request, init.signal));
    };
  }

  private async exchange(from: string, request: IdpRequest, signal?: AbortSignal): Promise<IdpResponse> {
    const route = routeOf(request.path);
    const oauth = this.options.session.sessionKind() === 'oauth';
    if (route === 'refresh') return this.refresh(from, request, oauth, signal);
    if (route === 'sign-out' && oauth) return this.revoke(from, request, signal);
    const started = this.now();
    const pathname = request.path.split('?')[0];
    try {
      const response = await this.send(from, `${this.options.idpUrl}${request.path}`, request, signal);
      const ms = this.now() - started;
      if (route === 'sign-in') {
        const succeeded = response.status === 200;
        if (succeeded) this.options.session.setSessionKind('password');
        this.options.log.record(from, succeeded ? 'sign-in.succeeded' : 'sign-in.failed', { method: 'password', status: response.status, ms });
      } else {
        this.options.log.record(from, 'api.result', { method: request.method, path: pathname, status: response.status, ms });
      }
      return response;
    } catch (error) {
      const type = route === 'sign-in' ? 'sign-in.failed' : 'api.result';
      this.options.log.record(from, type, { method: request.method, path: pathname, error: 'network', message: errorMessage(error), ms: this.now() - started });
      throw error;
    }
  }

  /** The recipe's `POST /api/auth/refresh`, logged with its classification; for an OAuth session, the refresh_token grant. */
  private async refresh(from: string, request: IdpRequest, oauth: boolean, signal?: AbortSignal): Promise<IdpResponse> {
    const presented = refreshTokenOf(request.body);
    const started = this.now();
    const via = oauth ? 'oauth' : 'better-auth';
    this.options.log.record(from, 'refresh.started', { presentedFp: presented === null ? null : fingerprint(presented), via });
    let response: IdpResponse;
    try {
      response = oauth ? await this.oauthRefresh(from, presented ?? '', signal) : await this.send(from, `${this.options.idpUrl}${request.path}`, request, signal);
    } catch (error) {
      this.options.log.record(from, 'refresh.failed', { classification: 'network', message: errorMessage(error), via, ms: this.now() - started });
      throw error;
    }
    const outcome = await classifyRefreshResponse(toResponseLike(response), this.now());
    const ms = this.now() - started;
    if (outcome.kind === 'rotated') {
      this.options.session.refreshed();
      const expiresIn = (JSON.parse(response.body) as { expiresIn?: unknown }).expiresIn;
      this.options.log.record(from, 'refresh.succeeded', {
        via,
        ms,
        issuedAccessFp: fingerprint(outcome.tokens.accessToken),
        issuedRefreshFp: fingerprint(outcome.tokens.refreshToken),
        expiresIn: typeof expiresIn === 'number' ? expiresIn : null,
      });
    } else {
      this.options.log.record(from, 'refresh.failed', {
        via,
        ms,
        status: response.status,
        classification: outcome.kind,
        description: describeOutcome(outcome),
        ...(outcome.kind === 'rate-limited' || outcome.kind === 'server-error' ? { retryAfterMs: outcome.retryAfterMs } : {}),
        ...(outcome.kind === 'rejected' ? { reused: outcome.reused, error: outcome.error } : {}),
      });
    }
    return response;
  }

  /** RFC 6749 §6, answered in the recipe's shape so the coordinator reads it unchanged. */
  private async oauthRefresh(from: string, refreshToken: string, signal?: AbortSignal): Promise<IdpResponse> {
    const { tokenEndpoint } = await this.metadata();
    const response = await this.send(
      from,
      tokenEndpoint,
      { method: 'POST', path: '', headers: FORM_HEADERS, body: formBody({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: this.options.oauthClientId }) },
      signal,
    );
    if (response.status !== 200) return response;
    const body = safeJson(response.body) as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown } | null;
    return {
      ...response,
      headers: { ...response.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ accessToken: body?.access_token, refreshToken: body?.refresh_token, expiresIn: body?.expires_in, tokenType: 'Bearer' }),
    };
  }

  /** Sign-out of an OAuth session: RFC 7009 revocation of the refresh token (which ends its grant), else of the access token. */
  private async revoke(from: string, request: IdpRequest, signal?: AbortSignal): Promise<IdpResponse> {
    const refreshToken = this.options.session.takeRevocationCandidate();
    const accessToken = bearerOf(request.headers);
    const token = refreshToken ?? accessToken;
    const hint = refreshToken === null ? 'access_token' : 'refresh_token';
    const { revocationEndpoint } = await this.metadata();
    if (token === null || revocationEndpoint === null) {
      this.options.log.record(from, 'sign-out.revocation-skipped', { reason: token === null ? 'no token' : 'no revocation_endpoint' });
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"success":true}' };
    }
    const started = this.now();
    try {
      const response = await this.send(
        from,
        revocationEndpoint,
        { method: 'POST', path: '', headers: FORM_HEADERS, body: formBody({ token, token_type_hint: hint, client_id: this.options.oauthClientId }) },
        signal,
      );
      this.options.log.record(from, 'sign-out.revoked', { via: 'oauth', hint, tokenFp: fingerprint(token), status: response.status, ms: this.now() - started });
      return response.status === 200 ? { ...response, headers: { 'content-type': 'application/json' }, body: '{"success":true}' } : response;
    } catch (error) {
      this.options.log.record(from, 'sign-out.revoked', { via: 'oauth', hint, error: 'network', message: errorMessage(error) });
      throw error;
    }
  }

  private metadata() {
    return this.options.discovery.metadata().catch((error: unknown) => {
      throw new ClientError('IDP_UNREACHABLE', `OAuth discovery failed: ${errorMessage(error)}`, { cause: error });
    });
  }

  private async send(from: string, url: string, request: IdpRequest, signal?: AbortSignal): Promise<IdpResponse> {
    const headers: Record<string, string> = { ...lowerCased(request.headers ?? {}), [CLIENT_HEADER]: from, origin: this.options.appOrigin };
    // Only a variant that times its requests out has a deadline here: the recipe's fetch waits as long as the IdP does.
    const deadline = this.options.timeoutMs === undefined ? undefined : AbortSignal.timeout(this.options.timeoutMs);
    let response: Response;
    try {
      response = await this.options.fetch(url, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(signal || deadline ? { signal: signal && deadline ? AbortSignal.any([signal, deadline]) : (signal ?? deadline) } : {}),
      });
    } catch (error) {
      throw new ClientError('IDP_UNREACHABLE', `${request.method} ${new URL(url).pathname}: ${errorMessage(error)}`, { cause: error });
    }
    let body: string;
    try {
      body = await response.text();
    } catch (error) {
      // A connection cut mid-body (the IdP's `truncate` fault) is a network error, as fetch would report it.
      throw new ClientError('IDP_UNREACHABLE', `${request.method} ${new URL(url).pathname}: the response body was cut off`, { cause: error });
    }
    const returned: Record<string, string> = {};
    for (const name of RETURNED_RESPONSE_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) returned[name] = value;
    }
    return { status: response.status, headers: returned, body };
  }
}

export function checkRendererRequest(value: unknown): IdpRequest {
  const refuse = (why: string) => new ClientError('IDP_REQUEST_REFUSED', `idp:request refused: ${why}`);
  if (typeof value !== 'object' || value === null) throw refuse('expected { method, path, headers?, body? }');
  const { method, path, headers, body } = value as Record<string, unknown>;
  if (method !== 'GET' && method !== 'POST') throw refuse(`method must be GET or POST, got ${JSON.stringify(method)}`);
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.length > 2048 || path.includes('..')) {
    throw refuse(`path must be an absolute path on the IdP, got ${JSON.stringify(path)}`);
  }
  const pathname = path.split('?')[0];
  if (!RENDERER_ROUTES.some((route) => route.method === method && route.path === pathname)) throw refuse(`${method} ${pathname} is not a route the app uses`);
  const checkedHeaders: Record<string, string> = {};
  if (headers !== undefined) {
    if (typeof headers !== 'object' || headers === null) throw refuse('headers must be an object of strings');
    for (const [name, headerValue] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (!FORWARDED_REQUEST_HEADERS.has(lower)) throw refuse(`header "${name}" is not forwarded (allowed: ${[...FORWARDED_REQUEST_HEADERS].join(', ')})`);
      if (typeof headerValue !== 'string' || headerValue.length > 8192) throw refuse(`header "${name}" must be a string of at most 8192 characters`);
      checkedHeaders[lower] = headerValue;
    }
  }
  if (body !== undefined && (typeof body !== 'string' || body.length > MAX_BODY_BYTES)) throw refuse(`body must be a string of at most ${MAX_BODY_BYTES} characters`);
  if (body !== undefined && method === 'GET') throw refuse('a GET has no body');
  return { method, path, headers: checkedHeaders, ...(body === undefined ? {} : { body: body as string }) };
}

export function toResponseLike(response: IdpResponse): ResponseLike {
  return {
    status: response.status,
    headers: { get: (name) => response.headers[name.toLowerCase()] ?? null },
    json: async () => JSON.parse(response.body) as unknown,
  };
}

function routeOf(path: string): Route {
  const pathname = path.split('?')[0];
  if (pathname === '/api/auth/refresh') return 'refresh';
  if (pathname === '/api/auth/sign-in/email' || pathname === '/api/auth/sign-in/username') return 'sign-in';
  if (pathname === '/api/auth/sign-out') return 'sign-out';
  return 'api';
}

function refreshTokenOf(body: string | undefined): string | null {
  const parsed = safeJson(body ?? '') as { refreshToken?: unknown } | null;
  return typeof parsed?.refreshToken === 'string' ? parsed.refreshToken : null;
}

function bearerOf(headers: Record<string, string> | undefined): string | null {
  const value = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  return /^Bearer\s+(.+)$/i.exec(value ?? '')?.[1]?.trim() ?? null;
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function errorMessage(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const base = error instanceof Error ? error.message : String(error);
  return cause instanceof Error && !base.includes(cause.message) ? `${base} (${cause.message})` : base;
}
