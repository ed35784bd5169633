/**
 * What an IdP event says on its timeline card, in words a student reads right:
 * a request as method, path, status and outcome (with the Retry-After of a
 * 429 when the event carries it); an admin event as who did what — the
 * scenario through the admin API (a clock moved, a fault added), or the IdP
 * itself (a token family revoked because a refresh token was reused). "admin
 * family-revoked" reads as an operator ending the session when the IdP did.
 */
import type { HistoryEvent } from '../harness/history/types.ts';

type IdpHistoryEvent = Extract<HistoryEvent, { source: 'idp' }>;

export interface IdpEventLabel {
  label: string;
  /** The label says all an admin event recorded: its card needs no list of fields. */
  complete: boolean;
}

export function idpEventLabel(event: IdpHistoryEvent): IdpEventLabel {
  if (event.type === 'request') {
    const label = `${event.method ?? '?'} ${event.path ?? '?'} → ${event.status ?? '—'} ${event.outcome}`;
    const retryAfter = event.status === 429 ? retryAfterText(event.detail ?? {}) : undefined;
    return { label: retryAfter ? `${label} · ${retryAfter}` : label, complete: false };
  }
  const said = adminLabel(event, event.detail ?? {});
  return said ? { label: said, complete: true } : { label: `admin ${event.path ?? ''} ${event.outcome}`.replace(/\s+/g, ' '), complete: false };
}

/** `Retry-After 1 s` from an event's `retryAfterMs` (as the client logs it and retry-after-honoured reads it) or `retryAfter` (the header's own seconds or date). */
export function retryAfterText(fields: Record<string, unknown>): string | undefined {
  const { retryAfterMs, retryAfter } = fields;
  if (typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs)) return `Retry-After ${formatDuration(retryAfterMs)}`;
  if (typeof retryAfter === 'number' && Number.isFinite(retryAfter)) return `Retry-After ${formatDuration(retryAfter * 1_000)}`;
  if (typeof retryAfter === 'string' && retryAfter.trim()) return `Retry-After ${retryAfter.trim()}`;
  return undefined;
}

/** Why the IdP revoked a family (mock-idp's RevokeReason), as what happened. */
const REVOKED_BECAUSE: Record<string, (family: string) => string> = {
  'reuse-detected': (family) => `IdP revoked the ${family} (reuse detected)`,
  'abuse-detected': (family) => `IdP revoked the ${family}: refresh abuse detected, the user must sign in again`,
  'attestation-failed': (family) => `IdP revoked the ${family}: the device failed its attestation, the user must sign in again on a sound device`,
  'session-expired': (family) => `IdP ended the ${family}: its session expired`,
  'signed-out': (family) => `${family} ended: the user signed out`,
  'revoked-by-client': (family) => `${family} revoked at the client's request (RFC 7009 revocation)`,
  'user-revoked': (family) => `IdP revoked the ${family} with every session of its user`,
  admin: (family) => `scenario revoked the ${family} (admin API)`,
};

function adminLabel(event: IdpHistoryEvent, detail: Record<string, unknown>): string | undefined {
  const family = event.familyId ? `token family ${event.familyId}` : 'token family';
  switch (event.outcome) {
    case 'family-revoked': {
      const reason = typeof detail.reason === 'string' ? detail.reason : undefined;
      const said = reason === undefined ? undefined : REVOKED_BECAUSE[reason]?.(family);
      return said ?? `IdP revoked the ${family}${reason ? ` (${reason})` : ''}`;
    }
    case 'family-forgotten': {
      const capacity = typeof detail.capacity === 'number' ? ` ${detail.capacity.toLocaleString('en')}` : '';
      return `IdP forgot the ${family} with its tokens and session: it remembers only the newest${capacity} sign-ins`;
    }
    case 'clock-advanced':
      return `scenario moved the IdP clock forward${typeof detail.byMs === 'number' ? ` ${formatDuration(detail.byMs)}` : ''} (admin API)`;
    case 'clock-set':
      return `scenario set the IdP clock${typeof detail.to === 'number' && Number.isFinite(new Date(detail.to).getTime()) ? ` to ${new Date(detail.to).toISOString()}` : ''} (admin API)`;
    case 'fault-added':
      return `scenario added the fault rule ${String(detail.ruleId ?? '?')}${typeof detail.action === 'string' ? ` (${detail.action})` : ''} (admin API)`;
    case 'fault-removed':
      return `scenario removed the fault rule ${String(detail.ruleId ?? '?')} (admin API)`;
    case 'faults-cleared':
      return 'scenario cleared every fault rule (admin API)';
    case 'revoked':
      return `scenario revoked ${revokedScope(detail)} at the IdP${typeof detail.revoked === 'number' ? `: ${detail.revoked} revoked` : ''} (admin API)`;
    case 'access-expired':
      return `scenario expired ${detail.scope === 'family' || detail.scope === 'user' ? `one ${detail.scope}'s` : 'every'} access token (admin API)`;
    case 'config-updated':
      return `scenario changed the IdP's ${Array.isArray(detail.fields) && detail.fields.length ? detail.fields.join(', ') : 'configuration'} (admin API)`;
    case 'signing-key-rotated': {
      const retired = Array.isArray(detail.retired) ? detail.retired.length : 0;
      const then = retired ? `, retiring ${retired === 1 ? 'the previous key' : `the ${retired} previous keys`}: tokens they signed are refused` : '';
      return `scenario rotated the IdP's signing key to ${String(detail.kid ?? '?')}${typeof detail.alg === 'string' ? ` (${detail.alg})` : ''}${then} (admin API)`;
    }
    case 'signing-key-retired':
      return `scenario retired the IdP's signing key ${String(detail.kid ?? '?')}: tokens it signed are refused (admin API)`;
    case 'user-created':
      return 'scenario created a user (admin API)';
    case 'reset':
      return 'scenario reset the IdP (admin API)';
    default:
      return undefined;
  }
}

function revokedScope(detail: Record<string, unknown>): string {
  if (typeof detail.familyId === 'string') return `the token family ${detail.familyId}`;
  if (typeof detail.tokenFp === 'string') return `the token ${detail.tokenFp}`;
  if (typeof detail.userId === 'string') return "every session of a user";
  return 'every session';
}

/** 960000 → "16 min", 1000 → "1 s", 1500 → "1.5 s", 250 → "250 ms". */
export function formatDuration(ms: number): string {
  const units: Array<[number, string]> = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'min'], [1_000, 's']];
  for (const [size, unit] of units) if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  if (ms >= 1_000) return `${Number((ms / 1_000).toFixed(2))} s`;
  return `${Math.round(ms)} ms`;
}
