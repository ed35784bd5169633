/** A JSON view of the IdP's state for `/__admin/state`: fingerprints only, never tokens. */
import type { IdpRuntime } from '../runtime.ts';
import { fingerprint } from '../tokens/fingerprint.ts';

function finite(ms: number): number | null {
  return Number.isFinite(ms) ? ms : null;
}

/** The settings `/__admin/config` shows and changes. */
export function describeConfig(rt: IdpRuntime) {
  const { config, policy } = rt;
  return {
    seed: config.seed,
    lifetimes: config.lifetimes,
    rotation: config.rotation,
    signing: config.signing,
    abuseDetection: config.abuseDetection,
    dpop: config.dpop,
    attestation: config.attestation,
    policy: { ...policy, graceMs: finite(policy.graceMs), graceReuseCount: finite(policy.graceReuseCount) },
  };
}

/** The newest `limit` of a list kept oldest first; all of it without a limit. */
function newest<T>(items: readonly T[], limit: number | undefined): readonly T[] {
  return limit === undefined ? items : limit === 0 ? [] : items.slice(-limit);
}

/**
 * `limit`: list only the newest so many sessions and families (a long-running IdP may hold 100,000 of each,
 * the families with their tokens); `counts` says how many there are either way.
 */
export function describeState(rt: IdpRuntime, query: { limit?: number } = {}) {
  const families = rt.store.families();
  return {
    url: rt.url(),
    now: rt.clock.now(),
    clockOffsetMs: rt.clock.offset(),
    config: describeConfig(rt),
    counts: { users: rt.db.user.length, sessions: rt.db.session.length, families: families.length, familyCapacity: rt.config.familyCapacity },
    users: rt.db.user.map((user) => ({ id: user.id, email: user.email, name: user.name, username: user.username ?? null })),
    sessions: newest(rt.db.session, query.limit).map((session) => ({ id: session.id, userId: session.userId, tokenFp: fingerprint(session.token) })),
    families: newest(families, query.limit).map((family) => ({
      id: family.id,
      grant: family.grant,
      userId: family.userId,
      clientId: family.clientId,
      scope: family.scope,
      status: rt.store.isLive(family) ? 'active' : family.status === 'revoked' ? 'revoked' : 'expired',
      revokedReason: family.revokedReason ?? null,
      createdAt: family.createdAt,
      lastUsedAt: family.lastUsedAt,
      rotations: family.rotations,
      /** The DPoP key (JWK thumbprint) its refresh tokens are bound to: a public key's hash, not a secret. */
      dpopJkt: family.jkt ?? null,
      /** The attested app instance's key (JWK thumbprint) it is bound to. */
      instanceJkt: family.instanceJkt ?? null,
      headFp: family.records.get(family.headHash)?.fp ?? null,
      tokens: [...family.records.values()].map((record) => ({
        fp: record.fp,
        generation: record.generation,
        status: record.status,
        issuedAt: record.issuedAt,
        expiresAt: record.expiresAt,
        supersededAt: record.supersededAt ?? null,
        reuseCount: record.reuseCount,
      })),
    })),
    /** kid, algorithm and status of each signing key; never key material. */
    signingKeys: rt.keys.list(),
    faults: rt.faults.list(),
    events: rt.history.stats(),
  };
}

export type IdpState = ReturnType<typeof describeState>;
