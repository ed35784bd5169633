import { describe, expect, it } from 'vitest';
import { redirectUriMatches } from './redirect-uri.ts';

describe('redirect URI matching (RFC 8252 §7.3, RFC 9700 §4.1.3)', () => {
  const registered = ['http://127.0.0.1/callback', 'http://[::1]/callback', 'tokenstorm://callback', 'https://app.example/cb'];

  it('matches a loopback redirect on any port, with the registered path', () => {
    expect(redirectUriMatches(registered, 'http://127.0.0.1:51234/callback')).toBe(true);
    expect(redirectUriMatches(registered, 'http://127.0.0.1/callback')).toBe(true);
    expect(redirectUriMatches(registered, 'http://[::1]:8080/callback')).toBe(true);
  });

  it('refuses a loopback redirect with another path, scheme, query or host', () => {
    expect(redirectUriMatches(registered, 'http://127.0.0.1:51234/other')).toBe(false);
    expect(redirectUriMatches(registered, 'https://127.0.0.1:51234/callback')).toBe(false);
    expect(redirectUriMatches(registered, 'http://127.0.0.1:51234/callback?x=1')).toBe(false);
    expect(redirectUriMatches(registered, 'http://localhost:51234/callback')).toBe(false);
    expect(redirectUriMatches(registered, 'http://127.0.0.2:51234/callback')).toBe(false);
    expect(redirectUriMatches(registered, 'http://user@127.0.0.1:51234/callback')).toBe(false);
  });

  it('matches private-use schemes and https URIs exactly', () => {
    expect(redirectUriMatches(registered, 'tokenstorm://callback')).toBe(true);
    expect(redirectUriMatches(registered, 'tokenstorm://callback/')).toBe(false);
    expect(redirectUriMatches(registered, 'tokenstorm://callbackx')).toBe(false);
    expect(redirectUriMatches(registered, 'https://app.example/cb')).toBe(true);
    expect(redirectUriMatches(registered, 'https://app.example:444/cb')).toBe(false);
  });

  it('refuses fragments and non-URIs', () => {
    expect(redirectUriMatches(registered, 'tokenstorm://callback#x')).toBe(false);
    expect(redirectUriMatches(registered, 'not a uri')).toBe(false);
    expect(redirectUriMatches(registered, '')).toBe(false);
  });
});
