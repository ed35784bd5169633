import { describe, expect, it } from 'vitest';
import { createPkcePair, randomState, s256Challenge } from './pkce.ts';

describe('PKCE RFC 7636', () => {
  it('computes the S256 challenge of Appendix B', () => {
    expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a fresh verifier of 43 unreserved characters (§4.1) for every sign-in', () => {
    const a = createPkcePair();
    const b = createPkcePair();
    expect(a.verifier).toMatch(/^[A-Za-z0-9\-._~]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a).toMatchObject({ method: 'S256', challenge: s256Challenge(a.verifier) });
  });

  it('makes an unguessable state (RFC 6749 §10.12)', () => {
    expect(randomState()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(randomState()).not.toBe(randomState());
  });
});
