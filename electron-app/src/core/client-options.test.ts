import { describe, expect, it } from 'vitest';
import { createAuthApp, createAuthClient, type AuthClientOptions } from './auth-client.ts';
import { createRefreshCoordinator } from './refresh-coordinator.ts';
import { manualClock, memoryStore, response, scriptedFetch } from './test-doubles.ts';

const options = (): AuthClientOptions => ({ baseUrl: 'http://idp.test', fetch: scriptedFetch(() => response(200)), store: memoryStore(), clock: manualClock() });
const without = (name: keyof AuthClientOptions): AuthClientOptions => {
  const { [name]: _dropped, ...rest } = options();
  return rest as AuthClientOptions;
};

describe('client options: refused when the client is made, naming the option', () => {
  it('a missing or unusable port (fetch, store, clock) is a TypeError, not a network error on the first call', () => {
    expect(() => createAuthClient(without('fetch'))).toThrow(new TypeError('createAuthClient: fetch: expected a fetch function (url, init) => Promise<response>, got undefined'));
    expect(() => createAuthClient({ ...options(), fetch: 'nope' as never })).toThrow('createAuthClient: fetch: expected a fetch function (url, init) => Promise<response>, got "nope"');
    expect(() => createAuthClient(without('clock'))).toThrow('createAuthClient: clock: expected a clock with now, setTimeout and clearTimeout (systemClock outside tests), got undefined');
    expect(() => createAuthClient({ ...options(), store: { get: () => null } as never })).toThrow('createAuthClient: store: expected a token store with get, set and clear, got an object');
  });

  it('no options, empty options and a base URL that is not an http(s) URL', () => {
    expect(() => createAuthClient(undefined as never)).toThrow('createAuthClient: expected options { baseUrl, fetch, store, clock, … }, got undefined');
    expect(() => createAuthClient({} as never)).toThrow('createAuthClient: baseUrl: expected the IdP\'s http(s) base URL such as "http://localhost:3000", got undefined');
    expect(() => createAuthClient({ ...options(), baseUrl: 'localhost:3000' })).toThrow('createAuthClient: baseUrl: expected the IdP\'s http(s) base URL such as "http://localhost:3000", got "localhost:3000"');
  });

  it('an unknown option such as the typo baseURL is named with the options there are', () => {
    expect(() => createAuthClient({ ...without('baseUrl'), baseURL: 'http://idp.test' } as never)).toThrow(
      'createAuthClient has no option baseURL; its options are baseUrl, fetch, store, clock, random, switches, policy, abortOnDeadline, userCache, origin, coordinator',
    );
  });

  it('a random that is not a function is refused before it can break a backoff', () => {
    expect(() => createAuthClient({ ...options(), random: 0.5 as never })).toThrow('createAuthClient: random: expected a function returning a number in [0, 1), got 0.5');
  });

  it('createRefreshCoordinator and createAuthApp check their options the same way', () => {
    const coordinatorOptions = options();
    expect(() => createRefreshCoordinator({ ...coordinatorOptions, clock: undefined as never })).toThrow('createRefreshCoordinator: clock: expected a clock');
    expect(() => createRefreshCoordinator({ ...coordinatorOptions, userCache: undefined } as never)).not.toThrow(); // set to undefined: harmless
    expect(() => createRefreshCoordinator({ ...coordinatorOptions, origin: 'app://x' } as never)).toThrow('createRefreshCoordinator has no option origin');
    expect(() => createAuthApp({ ...options(), coordinator: createRefreshCoordinator(coordinatorOptions) } as never)).toThrow('createAuthApp has no option coordinator');
    expect(() => createAuthApp({} as never)).toThrow('createAuthApp: baseUrl: expected');
    expect(() => createAuthApp({ ...options(), abortOnDeadline: 'yes' as never })).toThrow('createAuthApp: abortOnDeadline: expected true or false, got "yes"');
  });

  it('accepts complete options, and a window built by createAuthApp', () => {
    expect(() => createAuthClient(options())).not.toThrow();
    expect(() => createAuthApp(options()).openWindow()).not.toThrow();
  });
});
