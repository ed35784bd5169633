/**
 * What the routes ask of tokens: refresh with rotation (issuing a new access
 * token), and authenticating a Bearer token on the resource API. Access tokens
 * are JWTs (tokens/signing-keys.ts); the BetterAuth session token the recipe stores as its first
 * access token is accepted too, for one access-token lifetime, until rotated.
 */
import type { Clock } from '../clock/virtual-clock.ts';
import { IdpError } from '../errors.ts';
import type { AbuseDetector } from './abuse-detection.ts';
import type { AccessLedger } from './access-ledger.ts';
import { looksLikeJwt, type AccessTokenIssuer, type IssuedAccessToken } from './access-tokens.ts';
import type { Family, FamilyStore, RefreshRecord, RotationChecks, RotationOutcome } from './family-store.ts';
import { fingerprint } from './fingerprint.ts';

export interface Principal {
  userId: string;
  family: Family;
  clientId: string;
  scope: string;
  tokenFp: string;
  tokenKind: 'jwt' | 'session-token';
  /** The DPoP key the token is bound to (`cnf.jkt`), if any: it must then come with a proof signed by it. */
  jkt?: string;
}

export type RefreshResult =
  | (Extract<RotationOutcome, { ok: true }> & { access: IssuedAccessToken })
  | Extract<RotationOutcome, { ok: false }>;

/** A refresh's own checks (see RotationChecks), and where the request came from, read only if abuse detection asks. */
export interface RefreshContext extends RotationChecks {
  location?: () => string | undefined;
}

/**
 * What one access token may differ in from its family: a narrower scope (RFC 6749 §6), a shorter life (the
 * broker's ephemeral tokens), a DPoP key it is bound to (RFC 9449).
 */
export interface AccessOverrides {
  scope?: string;
  ttlMs?: number;
  jkt?: string;
}

export interface TokenService {
  /**
   * Rotates and issues an access token, with the caller's own checks (see RotationChecks), then abuse
   * detection. Overrides given as a function are read after the checks, so `context.admit` may decide them
   * (a narrower scope).
   */
  refresh(presentedRefreshToken: string, overrides?: AccessOverrides | (() => AccessOverrides), context?: RefreshContext): Promise<RefreshResult>;
  issueAccess(family: Family, overrides?: AccessOverrides): Promise<IssuedAccessToken>;
  authenticate(bearer: string): Promise<Principal>;
}

export function createTokenService(options: {
  clock: Clock;
  store: FamilyStore;
  ledger: AccessLedger;
  issuer: AccessTokenIssuer;
  accessTokenTtl: () => number;
  abuse: AbuseDetector;
}): TokenService {
  const { clock, store, ledger, issuer } = options;

  async function issueAccess(family: Family, overrides: AccessOverrides = {}): Promise<IssuedAccessToken> {
    const access = await issuer.issue({
      sub: family.userId,
      sid: family.id,
      clientId: family.clientId,
      scope: overrides.scope ?? family.scope,
      ttlMs: overrides.ttlMs ?? options.accessTokenTtl(),
      jkt: overrides.jkt,
    });
    ledger.recordIssued(access.jti, { familyId: family.id, userId: family.userId, issuedAt: clock.now(), token: access.token });
    return access;
  }

  function invalid(reason: string): IdpError {
    return new IdpError('INVALID_TOKEN', reason);
  }

  async function authenticateJwt(bearer: string): Promise<Principal> {
    const claims = await issuer.verify(bearer);
    const status = ledger.status(claims.jti);
    if (status === 'unknown') throw invalid('the access token is not known to this IdP');
    if (status === 'revoked') throw invalid('the access token was revoked');
    if (status === 'expired') throw invalid('the access token expired');
    const family = store.get(claims.sid);
    if (!family || !store.isLive(family)) throw invalid('the session behind this access token ended');
    const principal: Principal = { userId: claims.sub, family, clientId: claims.client_id, scope: claims.scope, tokenFp: fingerprint(bearer), tokenKind: 'jwt' };
    if (typeof claims.cnf?.jkt === 'string') principal.jkt = claims.cnf.jkt;
    return principal;
  }

  function authenticateSessionToken(bearer: string): Principal {
    const found = store.findByToken(bearer);
    if (!found || found.record.generation !== 0) throw invalid('the access token is not known to this IdP');
    const { family, record } = found;
    if (!store.isLive(family) || record.status === 'revoked') throw invalid('the session behind this access token ended');
    if (record.status === 'superseded') throw invalid('the session token was rotated; use the access token the refresh returned');
    if (isSessionTokenExpired(record, family)) throw invalid('the access token expired');
    return { userId: family.userId, family, clientId: family.clientId, scope: family.scope, tokenFp: record.fp, tokenKind: 'session-token' };
  }

  function isSessionTokenExpired(record: RefreshRecord, family: Family): boolean {
    if (clock.now() > record.issuedAt + options.accessTokenTtl()) return true;
    return ledger.expiredByMark({ familyId: family.id, userId: family.userId, issuedAt: record.issuedAt });
  }

  return {
    async refresh(presented, overrides, context = {}) {
      const { refuse, admit, location } = context;
      // What the request asks is judged first: a refresh refused for its scope is not one more refresh.
      const outcome = store.rotate(presented, { refuse, admit: (family) => admit?.(family) ?? options.abuse.check(family, location) });
      if (!outcome.ok) return outcome;
      ledger.rememberToken(outcome.refreshToken);
      return { ...outcome, access: await issueAccess(outcome.family, typeof overrides === 'function' ? overrides() : overrides) };
    },
    issueAccess,
    authenticate: async (bearer) => (looksLikeJwt(bearer) ? authenticateJwt(bearer) : authenticateSessionToken(bearer)),
  };
}
