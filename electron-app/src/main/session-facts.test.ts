import { describe, expect, it } from 'vitest';
import type { SessionKind, TokenInfo } from '../shared/ipc-contract.ts';
import { fingerprint } from './fingerprint.ts';
import { jwtLifetimeMs, SessionFacts } from './session-facts.ts';

const jwt = (payload: Record<string, unknown>) => `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

function facts(kind: SessionKind | null, refreshToken: string | null = 'rt-1') {
  let stored = kind;
  const infos: TokenInfo[] = [];
  let now = 1_000_000;
  const subject = new SessionFacts({
    settings: { sessionKind: () => stored, setSessionKind: (next) => void (stored = next) },
    readRefreshToken: () => refreshToken,
    now: () => now,
    onInfo: (info) => infos.push(info),
  });
  return { subject, infos, tick: (ms: number) => (now += ms) };
}

describe('SessionFacts', () => {
  it("estimates a JWT access token's expiry from its own lifetime, whatever the IdP's clock says", () => {
    expect(jwtLifetimeMs(jwt({ iat: 4_102_444_800, exp: 4_102_445_700 }))).toBe(900_000);
    expect(jwtLifetimeMs('opaque-session-token')).toBeNull();
    const { subject, infos } = facts('password');
    subject.tokenChanged({ by: 'w1', kind: 'stored', key: 'accessToken', value: jwt({ iat: 10, exp: 70 }) });
    expect(infos.at(-1)).toMatchObject({ accessTokenExpiresAt: 1_060_000, accessTokenFp: fingerprint(jwt({ iat: 10, exp: 70 })) });
  });

  it('shows fingerprints only', () => {
    const { subject } = facts('password');
    subject.tokenChanged({ by: 'main', kind: 'stored', key: 'refreshToken', value: 'rt-secret' });
    expect(JSON.stringify(subject.info())).not.toContain('rt-secret');
    expect(subject.info()).toMatchObject({ signedIn: true, refreshTokenFp: fingerprint('rt-secret') });
    subject.tokenChanged({ by: 'main', kind: 'cleared' });
    expect(subject.info()).toMatchObject({ signedIn: false, accessTokenFp: null, refreshTokenFp: null });
  });

  it('keeps an OAuth refresh token for revocation only between the two halves of sign-out, and only once', () => {
    const oauth = facts('oauth').subject;
    oauth.beginSignOut();
    expect(oauth.takeRevocationCandidate()).toBe('rt-1');
    expect(oauth.takeRevocationCandidate()).toBeNull();
    const password = facts('password').subject;
    password.beginSignOut();
    expect(password.takeRevocationCandidate()).toBeNull();
    const finished = facts('oauth');
    finished.subject.beginSignOut();
    finished.subject.finishSignOut();
    expect(finished.subject.takeRevocationCandidate()).toBeNull();
    expect(finished.subject.sessionKind()).toBeNull();
  });
});
