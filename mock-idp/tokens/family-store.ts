/**
 * Refresh-token families: every sign-in starts a family whose first token is the
 * BetterAuth session token; each refresh supersedes the presented token with a
 * new one. What happens on reuse of a superseded token is the rotation policy's
 * call. Tokens are kept only as hashes; the raw session token stays server-side.
 * All operations are synchronous, so concurrent requests are serialised here.
 */
import { capacityBound } from '../capacity-bound.ts';
import type { Clock } from '../clock/virtual-clock.ts';
import { IdpError, type IdpErrorCode } from '../errors.ts';
import { fingerprintOfHash, opaqueToken, tokenHash } from './fingerprint.ts';
import type { RotationPolicy } from './rotation-policy.ts';

export type RecordStatus = 'active' | 'superseded' | 'revoked';
export type RevokeReason = 'reuse-detected' | 'abuse-detected' | 'attestation-failed' | 'admin' | 'signed-out' | 'session-expired' | 'revoked-by-client' | 'user-revoked';

export interface RefreshRecord {
  hash: string;
  fp: string;
  generation: number;
  parentHash: string | undefined;
  issuedAt: number;
  expiresAt: number;
  status: RecordStatus;
  supersededAt: number | undefined;
  reuseCount: number;
}

/**
 * How a family began: a sign-in through better-auth (the recipe's refresh
 * endpoint rotates it), a sign-in handed to an OAuth client (only that client
 * refreshes it, at the token endpoint), or a client's own `client_credentials`
 * (no user, no session: the session lifetimes do not apply).
 */
export type FamilyGrant = 'session' | 'oauth' | 'service';

export interface Family {
  id: string;
  grant: FamilyGrant;
  userId: string;
  clientId: string;
  scope: string;
  /** Raw BetterAuth session token behind this family; never leaves the IdP. */
  sessionToken: string;
  createdAt: number;
  lastUsedAt: number;
  status: 'active' | 'revoked';
  revokedAt: number | undefined;
  revokedReason: RevokeReason | undefined;
  headHash: string;
  rotations: number;
  records: Map<string, RefreshRecord>;
  /** Where the sign-in that started the family came from (`locationOf`), when it came through better-auth. */
  signedInFrom: string | undefined;
  /**
   * RFC 9449 §5: the DPoP key (JWK thumbprint) a public client's refresh tokens are bound to, from the first
   * token request of the family that carried a proof; every later refresh must prove it.
   */
  jkt: string | undefined;
  /**
   * The app instance's key (JWK thumbprint) a client attestation vouched for at the family's first attested
   * token request: every later one must be attested for the same instance.
   */
  instanceJkt: string | undefined;
}

export interface StoreLimits {
  refreshTokenTtl: number;
  sessionIdleTimeout: number;
  sessionAbsoluteLifetime: number;
}

export type RotationOutcome =
  | { ok: true; kind: 'rotated' | 'grace-reuse'; family: Family; presented: RefreshRecord; refreshToken: string; issued: RefreshRecord }
  | { ok: false; error: IdpError; family: Family | undefined; presented: RefreshRecord | undefined };

/**
 * A caller's own checks, and where they run. RFC 9700 §4.14.2: a superseded token presented again is reuse
 * whatever else the request asks, so what a request asks for is judged only after reuse detection.
 * Either check refusing leaves everything as it was.
 */
export interface RotationChecks {
  /**
   * First of all: a token this caller may not present (another client's). Nothing about the family is
   * processed — not even reuse detection — and the answer should not tell a known token from an unknown one.
   */
  refuse?: (family: Family) => IdpError | undefined;
  /** After the family, the token and reuse detection passed, before anything is spent: what the request asks (a scope). */
  admit?: (family: Family) => IdpError | undefined;
}

/** The answer for a token the IdP does not know; a caller refusing another client's token answers the same. */
export const UNKNOWN_REFRESH_TOKEN = 'the refresh token is not known to this IdP, or was not issued to this client';

export interface FamilyStoreOptions {
  clock: Clock;
  policy: () => RotationPolicy;
  limits: () => StoreLimits;
  onRevoked?: (family: Family, reason: RevokeReason) => void;
  /** How many refresh tokens the store remembers (default REFRESH_TOKEN_CAPACITY); see `remember`. */
  capacity?: number;
  /** How many families the store remembers (default FAMILY_CAPACITY); see `adopt`. */
  familyCapacity?: number;
  /** Told of each family forgotten past the capacity, after its tokens are gone: it was live or not, as `status` and the lifetimes say. */
  onForgotten?: (family: Family) => void;
}

/**
 * Refresh tokens remembered, across families: every rotation adds one, so a
 * long-running IdP under load would otherwise grow by ~1 KB per refresh for
 * good. The same bound as the access-token ledger's.
 */
export const REFRESH_TOKEN_CAPACITY = 100_000;
/**
 * Families remembered: every sign-in starts one, and a family keeps its
 * session token (and better-auth its session) for as long as it is
 * remembered, revoked or not, so a long-running IdP would otherwise grow by
 * ~2 KB per sign-in for good. Past the capacity the oldest family is
 * forgotten, live or not: its tokens are then unknown, as tokens never issued.
 */
export const FAMILY_CAPACITY = 100_000;
/** Tokens looked at per eviction before giving up for now: a family's current token is never evicted. */
const EVICTION_PROBES = 8;

export interface FamilyStore {
  /** Starts a family whose generation-0 refresh token is `sessionToken` (idempotent per token). */
  adopt(input: { sessionToken: string; userId: string; clientId?: string; scope?: string; grant?: FamilyGrant }): Family;
  /** Hands a family to an OAuth client with the scope the user granted it. */
  assign(familyId: string, grant: { clientId: string; scope: string }): Family | undefined;
  /** Rotates the presented token, with the caller's own checks at their places in the order (see RotationChecks). */
  rotate(presentedToken: string, checks?: RotationChecks): RotationOutcome;
  findByToken(token: string): { family: Family; record: RefreshRecord } | undefined;
  get(familyId: string): Family | undefined;
  revokeFamily(familyId: string, reason: RevokeReason): boolean;
  revokeUser(userId: string, reason: RevokeReason): number;
  revokeAll(reason: RevokeReason): number;
  /** A family is usable when not revoked and within its idle and absolute lifetimes. */
  isLive(family: Family): boolean;
  families(): Family[];
  clear(): void;
}

export function createFamilyStore(options: FamilyStoreOptions): FamilyStore {
  const { clock } = options;
  const families = new Map<string, Family>();
  /** Every refresh-token hash ever issued → its family (one lookup per presented token). */
  const familyOfHash = new Map<string, Family>();
  const capacity = options.capacity ?? REFRESH_TOKEN_CAPACITY;
  let nextId = 1;

  /**
   * Indexes a new token, forgetting the oldest one past the capacity: a
   * forgotten token is then answered as unknown (`invalid_grant`), not as a
   * reuse. Two tokens of a family are never forgotten, and go to the back of
   * the line instead: its current one (still a valid credential) and its
   * session token (generation 0: the IdP must go on recognising it, to accept
   * it as an access token and never to show it).
   */
  const familyOfHashBound = capacityBound(familyOfHash, capacity, {
    keep: (hash, owner) => (owner.headHash === hash && owner.status === 'active') || owner.records.get(hash)?.generation === 0,
    onForget: (hash, owner) => owner.records.delete(hash),
    probes: EVICTION_PROBES,
  });
  /** A forgotten family takes every token it still has indexed with it. */
  const familiesBound = capacityBound(families, options.familyCapacity ?? FAMILY_CAPACITY, {
    onForget: (_, family) => {
      for (const hash of family.records.keys()) if (familyOfHash.get(hash) === family) familyOfHash.delete(hash);
      options.onForgotten?.(family);
    },
  });
  function remember(record: RefreshRecord, family: Family): void {
    familyOfHash.set(record.hash, family);
    familyOfHashBound.enforce();
  }

  function newRecord(token: string, generation: number, parentHash: string | undefined, now: number): RefreshRecord {
    const hash = tokenHash(token);
    return {
      hash,
      fp: fingerprintOfHash(hash),
      generation,
      parentHash,
      issuedAt: now,
      expiresAt: now + options.limits().refreshTokenTtl,
      status: 'active',
      supersededAt: undefined,
      reuseCount: 0,
    };
  }

  function lifetimeExceeded(family: Family, now: number): boolean {
    if (family.grant === 'service') return false;
    const { sessionIdleTimeout, sessionAbsoluteLifetime } = options.limits();
    if (sessionAbsoluteLifetime > 0 && now - family.createdAt > sessionAbsoluteLifetime) return true;
    return sessionIdleTimeout > 0 && now - family.lastUsedAt > sessionIdleTimeout;
  }

  function revoke(family: Family, reason: RevokeReason): boolean {
    if (family.status === 'revoked') return false;
    family.status = 'revoked';
    family.revokedAt = clock.now();
    family.revokedReason = reason;
    for (const record of family.records.values()) record.status = 'revoked';
    options.onRevoked?.(family, reason);
    return true;
  }

  function issueChild(family: Family, parent: RefreshRecord, now: number): { token: string; record: RefreshRecord } {
    const token = opaqueToken('rt');
    const record = newRecord(token, parent.generation + 1, parent.hash, now);
    family.records.set(record.hash, record);
    family.headHash = record.hash;
    remember(record, family);
    family.lastUsedAt = now;
    family.rotations += 1;
    return { token, record };
  }

  function fail(code: IdpErrorCode, message: string, family?: Family, presented?: RefreshRecord): RotationOutcome {
    return { ok: false, error: new IdpError(code, message), family, presented };
  }

  function findByToken(token: string) {
    const hash = tokenHash(token);
    const family = familyOfHash.get(hash);
    const record = family?.records.get(hash);
    return family && record ? { family, record } : undefined;
  }

  return {
    adopt({ sessionToken, userId, clientId = 'recipe', scope = 'openid profile email notes:read notes:write', grant = 'session' }) {
      const existing = findByToken(sessionToken);
      if (existing) return existing.family;
      const now = clock.now();
      const record = newRecord(sessionToken, 0, undefined, now);
      const family: Family = {
        id: `fam_${nextId++}`,
        grant,
        userId,
        clientId,
        scope,
        sessionToken,
        createdAt: now,
        lastUsedAt: now,
        status: 'active',
        revokedAt: undefined,
        revokedReason: undefined,
        headHash: record.hash,
        rotations: 0,
        records: new Map([[record.hash, record]]),
        signedInFrom: undefined,
        jkt: undefined,
        instanceJkt: undefined,
      };
      families.set(family.id, family);
      remember(record, family);
      familiesBound.enforce();
      return family;
    },

    assign(familyId, { clientId, scope }) {
      const family = families.get(familyId);
      if (family) Object.assign(family, { clientId, scope, grant: 'oauth' });
      return family;
    },

    rotate(presentedToken, checks = {}) {
      const found = findByToken(presentedToken);
      if (!found) return fail('REFRESH_TOKEN_UNKNOWN', UNKNOWN_REFRESH_TOKEN);
      const { family, record } = found;
      const refused = checks.refuse?.(family);
      if (refused) return { ok: false, error: refused, family, presented: record };
      const now = clock.now();
      // A family that already ended cannot be harmed by a reuse: say that it ended.
      if (family.status === 'revoked') {
        return fail('REFRESH_TOKEN_REVOKED', `the refresh token's family was revoked (${family.revokedReason})`, family, record);
      }
      if (lifetimeExceeded(family, now)) {
        revoke(family, 'session-expired');
        return fail('SESSION_EXPIRED', 'the session exceeded its idle or absolute lifetime', family, record);
      }
      if (record.status === 'revoked') return fail('REFRESH_TOKEN_REVOKED', 'the refresh token was revoked', family, record);

      // Reuse detection comes before the token's own expiry and anything the request asks (RFC 9700 §4.14.2).
      let kind: 'rotated' | 'grace-reuse' = 'rotated';
      if (record.status === 'superseded') {
        const policy = options.policy();
        const head = family.records.get(family.headHash);
        const inScope = policy.graceScope === 'any' || head?.parentHash === record.hash;
        // A zero grace period means none, even for a reuse within the same millisecond as the rotation;
        // an expired token has none either.
        const inTime = policy.graceMs > 0 && now - (record.supersededAt ?? now) <= policy.graceMs && now <= record.expiresAt;
        if (!(inScope && inTime && record.reuseCount < policy.graceReuseCount)) {
          if (policy.onReuse === 'revoke-family') {
            revoke(family, 'reuse-detected');
            return fail('REFRESH_TOKEN_REUSED', 'refresh token reuse detected: the token family is revoked (RFC 9700 §4.14.2)', family, record);
          }
          return fail('REFRESH_TOKEN_REUSED', 'refresh token reuse detected: this token was already rotated', family, record);
        }
        kind = 'grace-reuse';
      } else if (now > record.expiresAt) {
        return fail('REFRESH_TOKEN_EXPIRED', 'the refresh token expired', family, record);
      }
      const declined = checks.admit?.(family);
      if (declined) return { ok: false, error: declined, family, presented: record };

      if (kind === 'grace-reuse') {
        record.reuseCount += 1;
        const child = issueChild(family, record, now);
        return { ok: true, kind, family, presented: record, refreshToken: child.token, issued: child.record };
      }
      record.status = 'superseded';
      record.supersededAt = now;
      const child = issueChild(family, record, now);
      return { ok: true, kind: 'rotated', family, presented: record, refreshToken: child.token, issued: child.record };
    },

    findByToken,
    get: (familyId) => families.get(familyId),
    revokeFamily(familyId, reason) {
      const family = families.get(familyId);
      return family ? revoke(family, reason) : false;
    },
    revokeUser(userId, reason) {
      let count = 0;
      for (const family of families.values()) if (family.userId === userId && revoke(family, reason)) count += 1;
      return count;
    },
    revokeAll(reason) {
      let count = 0;
      for (const family of families.values()) if (revoke(family, reason)) count += 1;
      return count;
    },
    isLive: (family) => family.status === 'active' && !lifetimeExceeded(family, clock.now()),
    families: () => [...families.values()],
    clear() {
      families.clear();
      familyOfHash.clear();
      nextId = 1;
    },
  };
}
