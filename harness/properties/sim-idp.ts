/**
 * A fast, in-memory simulation of the mock IdP's recipe contract: sign-in
 * (one token, both access and refresh), refresh with rotation and reuse
 * detection, and the protected API. It runs on the caller's virtual clock,
 * applies a fault schedule, and logs every request it saw (tokens as fingerprints).
 */
import { describeFault, FaultPlan, type FaultSchedule, type RefreshFault, type ResourceFault } from './faults.ts';
import { fingerprint } from './fingerprint.ts';
import { bearerOf, jsonResponse, refreshTokenOf, routeOf, type Route, type WireOutcome, type WireRequest } from './wire-types.ts';

export interface SimIdpOptions {
  clock: { now(): number };
  accessTtlMs?: number;
  refreshTtlMs?: number;
  /** RFC 9700 §4.14.2: on reuse of a superseded refresh token, reject it or revoke its whole family (default). */
  onReuse?: 'reject' | 'revoke-family';
  faults?: FaultSchedule;
  users?: ReadonlyArray<{ email: string; password: string; name: string }>;
}

export interface SimRequestRecord {
  readonly seq: number;
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly route: Route;
  readonly outcome: number | 'network-error' | 'hang';
  /** The injected fault, e.g. "429 Retry-After 30s", or null when the IdP handled the request itself. */
  readonly fault: string | null;
  readonly reuseDetected: boolean;
  readonly accessFingerprint: string | null;
  readonly refreshFingerprint: string | null;
}

export interface SimIdp {
  handle(request: WireRequest): WireOutcome;
  /** Every request seen, in order. */
  readonly log: readonly SimRequestRecord[];
  /** Admin-side sign-in (no request logged): the session a client persisted before the scenario starts. */
  seedSession(email?: string): { token: string };
  expireAccessTokens(): void;
  revokeAll(): void;
  setFaults(schedule: FaultSchedule): void;
  /** The refresh token the IdP would accept now for the family of `token`, or null. */
  currentRefreshToken(token: string): string | null;
  readonly accessTtlMs: number;
}

interface Family {
  id: number;
  email: string;
  revoked: boolean;
  current: string;
}

interface TokenRecord {
  family: Family;
  expiresAt: number;
  superseded: boolean;
}

interface RawLogEntry {
  at: number;
  request: WireRequest;
  route: Route;
  outcome: WireOutcome;
  fault: RefreshFault | ResourceFault | null;
  reuse: boolean;
}

const DEFAULT_USERS = [{ email: 'ada@example.test', password: 'correct horse battery staple', name: 'Ada' }];

export function createSimIdp(options: SimIdpOptions): SimIdp {
  return new SimulatedIdp(options);
}

const unauthorized = (): WireOutcome =>
  jsonResponse(401, { error: 'invalid_token', error_description: 'The access token is expired, revoked or unknown' }, { 'www-authenticate': 'Bearer error="invalid_token"' });

const invalidGrant = (description: string, code?: string): WireOutcome =>
  jsonResponse(401, { error: 'invalid_grant', error_description: description, ...(code === undefined ? {} : { code }) });

class SimulatedIdp implements SimIdp {
  readonly accessTtlMs: number;
  private readonly refreshTtlMs: number;
  private readonly onReuse: 'reject' | 'revoke-family';
  private readonly users: ReadonlyArray<{ email: string; password: string; name: string }>;
  private readonly clock: { now(): number };
  private readonly access = new Map<string, TokenRecord>();
  private readonly refresh = new Map<string, TokenRecord>();
  // Raw entries; fingerprints are computed only when someone reads the log.
  private readonly raw: RawLogEntry[] = [];
  private faults: FaultPlan;
  private serial = 0;
  private familySerial = 0;

  constructor(options: SimIdpOptions) {
    this.clock = options.clock;
    this.accessTtlMs = options.accessTtlMs ?? 15 * 60_000;
    this.refreshTtlMs = options.refreshTtlMs ?? 30 * 24 * 3_600_000;
    this.onReuse = options.onReuse ?? 'revoke-family';
    this.users = options.users ?? DEFAULT_USERS;
    this.faults = new FaultPlan(options.faults);
  }

  get log(): readonly SimRequestRecord[] {
    return this.raw.map((entry, index) => ({
      seq: index + 1,
      at: entry.at,
      method: entry.request.method,
      path: entry.request.path,
      route: entry.route,
      outcome: entry.outcome.kind === 'response' ? entry.outcome.status : entry.outcome.kind,
      fault: entry.fault === null ? null : describeFault(entry.fault),
      reuseDetected: entry.reuse,
      accessFingerprint: mapNull(bearerOf(entry.request), fingerprint),
      refreshFingerprint: entry.route === 'refresh' ? mapNull(refreshTokenOf(entry.request), fingerprint) : null,
    }));
  }

  handle(request: WireRequest): WireOutcome {
    const route = routeOf(request.path);
    const injected = this.faults.take(request);
    let outcome: WireOutcome;
    let reuse = false;
    if (injected !== null) outcome = injected.outcome;
    else if (route === 'refresh' && request.method === 'POST') ({ outcome, reuse } = this.handleRefresh(request));
    else if (route === 'sign-in' && request.method === 'POST') outcome = this.handleSignIn(request);
    else if (route === 'sign-out' && request.method === 'POST') outcome = this.handleSignOut(request);
    else if (route === 'resource') outcome = this.handleResource(request);
    else outcome = jsonResponse(404, { error: 'not_found', error_description: `${request.method} ${request.path}` });
    this.raw.push({ at: this.clock.now(), request, route, outcome, fault: injected?.fault ?? null, reuse });
    return outcome;
  }

  seedSession(email = this.users[0]?.email ?? 'ada@example.test'): { token: string } {
    return { token: this.openSession(email) };
  }

  expireAccessTokens(): void {
    const now = this.clock.now();
    for (const record of this.access.values()) record.expiresAt = Math.min(record.expiresAt, now);
  }

  revokeAll(): void {
    for (const record of this.refresh.values()) record.family.revoked = true;
  }

  setFaults(schedule: FaultSchedule): void {
    this.faults = new FaultPlan(schedule);
  }

  currentRefreshToken(token: string): string | null {
    const family = (this.refresh.get(token) ?? this.access.get(token))?.family;
    return family === undefined || family.revoked ? null : family.current;
  }

  private mint(kind: string, family: Family): string {
    const serial = ++this.serial;
    return `sim.${kind}.${family.id}.${serial}.${((serial * 2654435761) >>> 0).toString(36)}`;
  }

  private openSession(email: string): string {
    const family: Family = { id: ++this.familySerial, email, revoked: false, current: '' };
    const token = this.mint('session', family);
    const now = this.clock.now();
    family.current = token;
    this.access.set(token, { family, expiresAt: now + this.accessTtlMs, superseded: false });
    this.refresh.set(token, { family, expiresAt: now + this.refreshTtlMs, superseded: false });
    return token;
  }

  private handleRefresh(request: WireRequest): { outcome: WireOutcome; reuse: boolean } {
    const presented = refreshTokenOf(request);
    if (presented === null) return { outcome: jsonResponse(400, { error: 'invalid_request', error_description: 'refreshToken is required' }), reuse: false };
    const record = this.refresh.get(presented);
    const now = this.clock.now();
    if (record === undefined || record.family.revoked || record.expiresAt <= now) {
      return { outcome: invalidGrant('Refresh token is invalid, revoked or expired'), reuse: false };
    }
    if (record.superseded) {
      if (this.onReuse === 'revoke-family') record.family.revoked = true;
      return { outcome: invalidGrant('Refresh token reuse detected', 'REFRESH_TOKEN_REUSED'), reuse: true };
    }
    record.superseded = true;
    const { family } = record;
    const accessToken = this.mint('at', family);
    const refreshToken = this.mint('rt', family);
    this.access.set(accessToken, { family, expiresAt: now + this.accessTtlMs, superseded: false });
    this.refresh.set(refreshToken, { family, expiresAt: now + this.refreshTtlMs, superseded: false });
    family.current = refreshToken;
    return { outcome: jsonResponse(200, { accessToken, refreshToken, expiresIn: Math.floor(this.accessTtlMs / 1_000) }), reuse: false };
  }

  private handleSignIn(request: WireRequest): WireOutcome {
    let credentials: { email?: unknown; password?: unknown };
    try {
      credentials = JSON.parse(request.body ?? '{}') as typeof credentials;
    } catch {
      return jsonResponse(400, { error: 'invalid_request', error_description: 'body must be JSON' });
    }
    const user = this.users.find((u) => u.email === credentials.email && u.password === credentials.password);
    if (user === undefined) return jsonResponse(401, { code: 'INVALID_EMAIL_OR_PASSWORD', message: 'Invalid email or password' });
    return jsonResponse(200, { token: this.openSession(user.email), user: { id: `user-${user.email}`, email: user.email, name: user.name } });
  }

  private handleResource(request: WireRequest): WireOutcome {
    const token = bearerOf(request);
    const record = token === null ? undefined : this.access.get(token);
    if (record === undefined || record.family.revoked || record.expiresAt <= this.clock.now()) return unauthorized();
    const { email } = record.family;
    if (request.path === '/api/me') return jsonResponse(200, { user: { id: `user-${email}`, email, name: email } });
    if (request.method === 'POST') return jsonResponse(201, { id: `note-${++this.serial}` });
    return jsonResponse(200, { notes: [] });
  }

  private handleSignOut(request: WireRequest): WireOutcome {
    const token = bearerOf(request);
    const record = token === null ? undefined : (this.access.get(token) ?? this.refresh.get(token));
    if (record !== undefined) record.family.revoked = true;
    return jsonResponse(200, { success: true });
  }
}

function mapNull<T, U>(value: T | null, map: (value: T) => U): U | null {
  return value === null ? null : map(value);
}
