/**
 * What a presented token is, for revocation (RFC 7009) and introspection
 * (RFC 7662): an access token (a JWT), a refresh token of a family, a
 * telemetry token, or nothing this IdP will vouch for. The hint only orders
 * the search (RFC 7009 §2.1: search every type if the hint misses).
 */
import { decodeJwt } from 'jose';
import type { IdpRuntime } from '../runtime.ts';
import type { TelemetryToken } from '../telemetry/telemetry-state.ts';
import { looksLikeJwt } from '../tokens/access-tokens.ts';
import type { Family, RefreshRecord, RevokeReason } from '../tokens/family-store.ts';
import type { Principal } from '../tokens/token-service.ts';

export type TokenLookup =
  | { kind: 'access'; active: true; principal: Principal; jti: string; aud: string; iat: number; exp: number }
  | { kind: 'refresh'; active: boolean; family: Family; record: RefreshRecord }
  | { kind: 'telemetry'; active: boolean; record: TelemetryToken }
  | { kind: 'unknown' };

/** The client a token was issued to, when the IdP knows it. */
export function clientOfLookup(lookup: TokenLookup): string | undefined {
  switch (lookup.kind) {
    case 'access':
      return lookup.principal.clientId;
    case 'refresh':
      return lookup.family.clientId;
    case 'telemetry':
      return lookup.record.clientId;
    case 'unknown':
      return undefined;
  }
}

async function lookupAccess(rt: IdpRuntime, token: string): Promise<TokenLookup> {
  try {
    // authenticate() checks signature, expiry (virtual clock), revocation and the family: the same answer the resource API gives.
    const principal = await rt.tokens.authenticate(token);
    const claims = decodeJwt(token);
    return { kind: 'access', active: true, principal, jti: String(claims.jti), aud: String(claims.aud), iat: claims.iat!, exp: claims.exp! };
  } catch {
    return { kind: 'unknown' };
  }
}

export async function lookupToken(rt: IdpRuntime, token: string): Promise<TokenLookup> {
  if (looksLikeJwt(token)) return lookupAccess(rt, token);
  const telemetry = rt.telemetry.find(token);
  if (telemetry) return { kind: 'telemetry', active: rt.telemetry.isActive(telemetry), record: telemetry };
  const found = rt.store.findByToken(token);
  if (!found) return { kind: 'unknown' };
  const { family, record } = found;
  const active = rt.store.isLive(family) && record.status === 'active' && rt.clock.now() <= record.expiresAt;
  return { kind: 'refresh', active, family, record };
}

/**
 * Revokes what a lookup found: an access token by its `jti`, a refresh token
 * with its whole family (RFC 7009 §2.1: the grant, every token of it and the
 * session), a telemetry token. Answers whether anything was revoked now.
 */
export function revokeLookup(rt: IdpRuntime, lookup: TokenLookup, reason: RevokeReason): boolean {
  switch (lookup.kind) {
    case 'access':
      return rt.ledger.revokeJti(lookup.jti);
    case 'refresh':
      return rt.store.revokeFamily(lookup.family.id, reason);
    case 'telemetry': {
      const revoked = !lookup.record.revoked;
      lookup.record.revoked = true;
      return revoked;
    }
    case 'unknown':
      return false;
  }
}
