/**
 * What main knows about the stored session without exposing it: how it was
 * obtained (password or OAuth), fingerprints of the stored tokens, the access
 * token's estimated expiry, the last refresh, and — only between the two
 * halves of a sign-out — the refresh token to revoke (RFC 7009).
 */
import type { SessionKind, TokenInfo } from '../shared/ipc-contract.ts';
import { fingerprint } from './fingerprint.ts';
import type { TokenChange } from './secure-storage-service.ts';
import type { SettingsStore } from './settings-store.ts';

export interface SessionFactsOptions {
  settings: Pick<SettingsStore, 'sessionKind' | 'setSessionKind'>;
  readRefreshToken(): string | null;
  now?: () => number;
  onInfo?: (info: TokenInfo) => void;
}

export class SessionFacts {
  private accessTokenFp: string | null = null;
  private refreshTokenFp: string | null = null;
  private accessTokenExpiresAt: number | null = null;
  private lastRefreshAt: number | null = null;
  private revocationCandidate: string | null = null;
  private readonly now: () => number;

  constructor(private readonly options: SessionFactsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Fingerprints of what is stored at startup (expiry unknown until the next refresh). */
  restore(stored: { accessToken: string | null; refreshToken: string | null }): void {
    this.accessTokenFp = stored.accessToken === null ? null : fingerprint(stored.accessToken);
    this.refreshTokenFp = stored.refreshToken === null ? null : fingerprint(stored.refreshToken);
  }

  tokenChanged(change: TokenChange): void {
    if (change.kind === 'cleared') {
      this.accessTokenFp = this.refreshTokenFp = this.accessTokenExpiresAt = null;
    } else if (change.kind === 'deleted') {
      if (change.key === 'accessToken') this.accessTokenFp = this.accessTokenExpiresAt = null;
      else this.refreshTokenFp = null;
    } else if (change.key === 'accessToken') {
      this.accessTokenFp = fingerprint(change.value);
      const lifetimeMs = jwtLifetimeMs(change.value);
      this.accessTokenExpiresAt = lifetimeMs === null ? null : this.now() + lifetimeMs;
    } else {
      this.refreshTokenFp = fingerprint(change.value);
    }
    this.emit();
  }

  refreshed(): void {
    this.lastRefreshAt = this.now();
    this.emit();
  }

  sessionKind(): SessionKind | null {
    return this.options.settings.sessionKind();
  }

  setSessionKind(kind: SessionKind | null): void {
    this.options.settings.setSessionKind(kind);
    this.emit();
  }

  /** First half of sign-out: keep the OAuth refresh token just long enough to revoke it after the local clear. */
  beginSignOut(): void {
    this.revocationCandidate = this.sessionKind() === 'oauth' ? this.options.readRefreshToken() : null;
  }

  takeRevocationCandidate(): string | null {
    const candidate = this.revocationCandidate;
    this.revocationCandidate = null;
    return candidate;
  }

  finishSignOut(): void {
    this.revocationCandidate = null;
    this.lastRefreshAt = null;
    this.setSessionKind(null);
  }

  info(): TokenInfo {
    return {
      signedIn: this.refreshTokenFp !== null,
      sessionKind: this.sessionKind(),
      accessTokenFp: this.accessTokenFp,
      refreshTokenFp: this.refreshTokenFp,
      accessTokenExpiresAt: this.accessTokenExpiresAt,
      lastRefreshAt: this.lastRefreshAt,
    };
  }

  private emit(): void {
    this.options.onInfo?.(this.info());
  }
}

/**
 * A JWT access token's own lifetime (`exp - iat`), independent of the IdP's
 * clock (which a test may have moved): null for an opaque token.
 */
export function jwtLifetimeMs(token: string): number | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { exp?: unknown; iat?: unknown };
    if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number' || payload.exp <= payload.iat) return null;
    return (payload.exp - payload.iat) * 1_000;
  } catch {
    return null;
  }
}
