/** A JSON view of the IdP's state for `/__admin/state`: fingerprints only, never tokens. */
import type { IdpRuntime } from '../runtime.ts';
import { fingerprint } from '../tokens/fingerprint.ts';

function finite(ms: number): number | null {
  return Number.isFinite(ms) ? ms : null;
}

export function describeState(rt: IdpRuntime) {
  const { config, policy } = rt;
  return {
    url: rt.url(),
    now: rt.clock.now(),
    clockOffsetMs: rt.clock.offset(),
    config: {
      seed: config.seed,
      lifetimes: config.lifetimes,
      rotation: config.rotation,
      abuseDetection: config.abuseDetection,
      policy: { ...policy, graceMs: finite(policy.graceMs), graceReuseCount: finite(policy.graceReuseCount) },
    },
    users: rt.db.user.map((user) => ({ id: user.id, email: user.email, name: user.name, username: user.username ?? null })),
    sessions: rt.db.session.map((session) => ({ id: session.id, userId: session.userId, tokenFp: fingerprint(session.token) })),
    families: rt.store.families().map((family) => ({
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
    faults: rt.faults.list(),
    events: rt.history.stats(),
  };
}

export type IdpState = ReturnType<typeof describeState>;
