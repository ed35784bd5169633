import { describe, expect, it } from 'vitest';
import { fingerprint, opaqueToken, OPAQUE_TOKEN_PREFIXES } from '../mock-idp/tokens/fingerprint.ts';
import { issuedTokenRedactor, looksLikeToken, redactText } from './redact.ts';
import { failureReasons } from './reported-run.ts';
import { PLANTED_JWT } from './report-test-support.ts';

describe('redaction', () => {
  it('redacts every kind of opaque token the IdP issues, and JWTs, by their shape', () => {
    for (const prefix of OPAQUE_TOKEN_PREFIXES) {
      const token = opaqueToken(prefix);
      expect(looksLikeToken(`got ${token} back`), prefix).toBe(true);
      expect(redactText(`got ${token} back`)).toBe('got [redacted] back');
    }
    expect(redactText(`Bearer ${PLANTED_JWT}`)).toBe('Bearer [redacted]');
  });

  it('leaves words that only look a little like a prefix alone', () => {
    for (const text of ['x-rt_short', 'start_of_a_sentence', 'tokens-kept-on-transient', 'fp:abc123def456']) expect(redactText(text)).toBe(text);
  });

  it("replaces a run's issued tokens, whatever their shape, by their fingerprint", () => {
    const sessionToken = 'NgWD0YSpui6jXOaoJxeo0yK5MFTmoUO0';
    expect(redactText(sessionToken)).toBe(sessionToken);
    expect(issuedTokenRedactor([sessionToken, 'short']).text(`step 3 (signOut): session ${sessionToken} is gone; again ${sessionToken}`)).toBe(
      `step 3 (signOut): session [token ${fingerprint(sessionToken)}] is gone; again [token ${fingerprint(sessionToken)}]`,
    );
  });

  it('replaces them encoded too, as the leak scan finds them, and deep in an event, keys included', () => {
    const sessionToken = 'NgWD0YSpui6jXOaoJxeo0yK5MFTmoUO0';
    const refresh = opaqueToken('rt');
    const base64 = Buffer.from(refresh).toString('base64').replace(/=+$/, '');
    expect(issuedTokenRedactor([refresh]).text(`stored ${base64}`)).toBe(`stored [token ${fingerprint(refresh)} base64]`);
    const event = { source: 'client', type: 'signed-in', detail: { session: sessionToken, list: [`x=${encodeURIComponent(refresh)}`], [sessionToken]: 1 }, n: 3 };
    const redacted = issuedTokenRedactor([sessionToken, refresh]).deep(event);
    expect(JSON.stringify(redacted)).not.toContain(sessionToken);
    expect(redacted.detail.session).toBe(`[token ${fingerprint(sessionToken)}]`);
    expect(redacted.detail.list).toEqual([`x=[token ${fingerprint(refresh)}]`]);
    expect(redacted.n).toBe(3);
    const clean = { source: 'client', type: 'refresh.succeeded' };
    expect(issuedTokenRedactor([sessionToken]).deep(clean)).toBe(clean);
  });

  it('reaches the failure reasons printed on the terminal and in CI logs', () => {
    const refresh = opaqueToken('rt');
    expect(failureReasons({ error: `step 2 (burst): ${refresh}`, failures: [`saw ${PLANTED_JWT}`], violations: [{ invariant: 'no-token-leak', message: `found ${refresh}`, events: [] }] })).toEqual([
      'no-token-leak: found [redacted]',
      'step 2 (burst): [redacted]',
      'saw [redacted]',
    ]);
  });
});
