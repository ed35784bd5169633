/**
 * The admin surface of a running mock IdP, for in-process use (`idp.admin`);
 * `/__admin/*` routes are a thin HTTP skin over it. Every input is validated
 * the same way in both, and every action is an `admin` event in the history.
 */
import { IdpError, describeValue } from '../errors.ts';
import { MAX_INSTANT_MS } from '../clock/virtual-clock.ts';
import type { IdpEvent } from '../events/history.ts';
import { parseFaultRule, type FaultRule, type FaultRuleInput } from '../faults/index.ts';
import type { IdpRuntime } from '../runtime.ts';
import { resolveRotationPolicy } from '../tokens/rotation-policy.ts';
import { fingerprint } from '../tokens/fingerprint.ts';
import { lookupToken, revokeLookup } from '../oauth/lookup-token.ts';
import { clockBody, configPatchBody, eventsQuery, expireBody, keyRotationBody, parseAdminInput, revokeBody, stateQuery, userBody, type ConfigPatch, type ExpireScope, type KeyRotation, type RevokeTarget, type UserInput } from './admin-schemas.ts';
import type { SigningKeyView } from '../tokens/signing-keys.ts';
import { describeConfig, describeState, type IdpState } from './idp-state.ts';

export interface MockIdpAdmin {
  clock: {
    now(): number;
    /** Advances virtual time: a number of ms or a duration string ("15m"). */
    advance(by: number | string): Promise<number>;
    set(to: number | string): Promise<number>;
  };
  faults: {
    add(rule: FaultRuleInput): FaultRule;
    remove(id: string): boolean;
    clear(): void;
    list(): FaultRule[];
  };
  revoke(target: RevokeTarget): Promise<{ revoked: number }>;
  /** Makes access tokens issued until now expired (all, or one family's, or one user's). */
  expire(scope?: ExpireScope): { expired: 'all' | 'family' | 'user' };
  config: {
    get(): IdpState['config'];
    update(patch: ConfigPatch): IdpState['config'];
  };
  /** The IdP's signing keys (kid, algorithm, status): rotate to a new one, retire an old one. */
  keys: {
    list(): SigningKeyView[];
    /** A new current key; earlier keys stay published (tokens they signed stay good) unless `retirePrevious`. */
    rotate(rotation?: KeyRotation): Promise<{ key: SigningKeyView; retired: string[]; keys: SigningKeyView[] }>;
    /** Takes a published key out of the JWKS; tokens it signed are refused from then on. */
    retire(kid: string): { retired: string; keys: SigningKeyView[] };
  };
  createUser(user: UserInput): Promise<{ id: string; email: string }>;
  reset(): Promise<void>;
  /** Users, sessions and families (`limit`: only the newest so many of these two), faults, event stats, and how many of each. */
  state(query?: { limit?: number }): IdpState;
  events: {
    list(query?: { since?: number; limit?: number; type?: IdpEvent['type'] }): IdpEvent[];
    subscribe(listener: (event: IdpEvent) => void): () => void;
    stats(): ReturnType<IdpRuntime['history']['stats']>;
  };
  /** Raw strings of every token issued since the last reset: in-process only, for leak scanning. */
  issuedTokens(): string[];
}

export function createAdminApi(rt: IdpRuntime, lifecycle: { reset(): Promise<void>; seedUser(user: { email: string; password: string; name: string; username?: string | undefined }): Promise<{ id: string; email: string }> }): MockIdpAdmin {
  const note = (outcome: string, detail?: Record<string, unknown>) =>
    rt.history.record({ type: 'admin', outcome, ...(detail ? { detail } : {}) });

  /** Any token the IdP issued and still honours, as RFC 7009 revokes it: a refresh token takes its whole family. */
  async function revokeToken(token: string): Promise<number> {
    return revokeLookup(rt, await lookupToken(rt, token), 'admin') ? 1 : 0;
  }

  return {
    clock: {
      now: () => rt.clock.now(),
      async advance(by) {
        const { advance } = parseAdminInput(clockBody, { advance: by });
        let to: number;
        try {
          to = rt.clock.advance(advance!);
        } catch (error) {
          // The clock refuses to pass what a Date can hold (and stays put): that is the body's fault.
          if (!(error instanceof RangeError)) throw error;
          const message = `expected a duration that keeps the clock within what a Date can hold (up to ${new Date(MAX_INSTANT_MS).toISOString()}), got ${JSON.stringify(by)}`;
          throw new IdpError('INVALID_ADMIN_BODY', `body.advance: ${message}`, { issues: [{ path: 'body.advance', message }] });
        }
        note('clock-advanced', { byMs: advance, to });
        return to;
      },
      async set(to) {
        const parsed = parseAdminInput(clockBody, { set: to });
        const now = rt.clock.set(parsed.set!);
        note('clock-set', { to: now });
        return now;
      },
    },
    faults: {
      add(input) {
        let rule: FaultRule;
        try {
          rule = rt.faults.add(parseFaultRule(input, 'body'));
        } catch (error) {
          const issues = (error as { issues?: Array<{ path: string; message: string }> }).issues;
          throw new IdpError('INVALID_ADMIN_BODY', (error as Error).message, issues ? { issues } : {});
        }
        note('fault-added', { ruleId: rule.id, action: rule.action.type });
        return rule;
      },
      remove(id) {
        const removed = rt.faults.remove(id);
        if (removed) note('fault-removed', { ruleId: id });
        return removed;
      },
      clear() {
        rt.faults.clear();
        note('faults-cleared');
      },
      list: () => rt.faults.list(),
    },
    async revoke(target) {
      const body = parseAdminInput(revokeBody, target);
      let revoked = 0;
      let scope: Record<string, unknown>;
      if (body.token) {
        revoked = await revokeToken(body.token);
        scope = { tokenFp: fingerprint(body.token) };
      } else if (body.familyId) {
        revoked = rt.store.revokeFamily(body.familyId, 'admin') ? 1 : 0;
        scope = { familyId: body.familyId };
      } else if (body.userId || body.email) {
        // better-auth stores emails in lower case and matches them so.
        const user = rt.db.user.find((candidate) => candidate.id === body.userId || candidate.email === body.email?.toLowerCase());
        if (!user) throw new IdpError('NOT_FOUND', `no user ${body.userId ?? body.email}`);
        revoked = rt.store.revokeUser(user.id, 'admin');
        scope = { userId: user.id };
      } else {
        revoked = rt.store.revokeAll('admin');
        scope = { all: true };
      }
      note('revoked', { ...scope, revoked });
      return { revoked };
    },
    expire(scope) {
      const body = parseAdminInput(expireBody, scope);
      rt.ledger.expireNow(body);
      const expired = body.familyId ? 'family' : body.userId ? 'user' : 'all';
      note('access-expired', { scope: expired, ...body });
      return { expired };
    },
    config: {
      get: () => describeConfig(rt),
      update(patch) {
        const body = parseAdminInput(configPatchBody, patch);
        if (body.lifetimes) rt.config.lifetimes = { ...rt.config.lifetimes, ...body.lifetimes };
        if (body.abuseDetection) rt.config.abuseDetection = { ...rt.config.abuseDetection, ...body.abuseDetection };
        if (body.dpop) rt.config.dpop = { ...rt.config.dpop, ...body.dpop };
        if (body.attestation) rt.config.attestation = { ...rt.config.attestation, ...body.attestation };
        if (body.rotation) {
          rt.config.rotation = body.rotation;
          rt.policy = resolveRotationPolicy(body.rotation);
        }
        note('config-updated', { fields: Object.keys(body) });
        return describeConfig(rt);
      },
    },
    keys: {
      list: () => rt.keys.list(),
      async rotate(rotation) {
        const body = parseAdminInput(keyRotationBody, rotation ?? {});
        const { key, retired } = await rt.keys.rotate(body);
        rt.config.signing = { ...rt.config.signing, algorithm: key.alg };
        note('signing-key-rotated', { kid: key.kid, alg: key.alg, retired });
        const keys = rt.keys.list();
        return { key: keys.find((view) => view.kid === key.kid)!, retired, keys };
      },
      retire(kid) {
        const status = typeof kid === 'string' ? rt.keys.status(kid) : undefined;
        if (status === undefined) throw new IdpError('NOT_FOUND', `no signing key with kid ${JSON.stringify(kid)} (GET /__admin/keys lists them)`);
        if (status === 'current') {
          const message = `kid "${kid}" is the current signing key: rotate to a new one first (POST /__admin/keys/rotate)`;
          throw new IdpError('INVALID_ADMIN_BODY', message, { issues: [{ path: 'params.kid', message }] });
        }
        if (rt.keys.retire(kid)) note('signing-key-retired', { kid });
        return { retired: kid, keys: rt.keys.list() };
      },
    },
    async createUser(input) {
      const user = await lifecycle.seedUser(parseAdminInput(userBody, input));
      note('user-created', { userId: user.id });
      return user;
    },
    async reset() {
      await lifecycle.reset();
      note('reset');
    },
    state: (query) => describeState(rt, parseAdminInput(stateQuery, query ?? {}, 'query')),
    events: {
      list: (query) => rt.history.list(parseAdminInput(eventsQuery, query ?? {}, 'query')),
      subscribe(listener) {
        if (typeof listener !== 'function') throw new TypeError(`events.subscribe: expected a listener function, got ${describeValue(listener)}`);
        return rt.history.subscribe(listener);
      },
      stats: () => rt.history.stats(),
    },
    issuedTokens: () => rt.ledger.issuedTokens(),
  };
}
