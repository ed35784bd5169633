import { describe, expect, it } from 'vitest';
import { DEFAULT_IDP_URL, readLaunchConfig } from './launch-config.ts';

describe('readLaunchConfig', () => {
  it('defaults to the reference variant, the local IdP, one window and the standard profile', () => {
    expect(readLaunchConfig([], {})).toEqual({ variant: 'reference', idpUrl: DEFAULT_IDP_URL, userDataDir: null, windows: 1, oauthClientId: 'tokenstorm-desktop', timeScale: 1, seed: null });
  });

  it('reads flags, and a flag wins over the environment', () => {
    const config = readLaunchConfig(
      ['/usr/bin/electron', 'out/main/index.js', '--tokenstorm-variant=no-backoff', '--tokenstorm-idp=http://127.0.0.1:5000/', '--tokenstorm-windows=3', '--tokenstorm-time-scale=10', '--tokenstorm-seed=42'],
      { TOKENSTORM_VARIANT: 'recipe-as-written', TOKENSTORM_USER_DATA: '/tmp/profile', TOKENSTORM_OAUTH_CLIENT_ID: 'my-client' },
    );
    expect(config).toEqual({ variant: 'no-backoff', idpUrl: 'http://127.0.0.1:5000', userDataDir: '/tmp/profile', windows: 3, oauthClientId: 'my-client', timeScale: 10, seed: 42 });
  });

  it('reads the environment when no flag is given', () => {
    expect(readLaunchConfig([], { TOKENSTORM_VARIANT: 'recipe-as-written', TOKENSTORM_IDP_URL: 'http://localhost:4401', TOKENSTORM_WINDOWS: '2' })).toMatchObject({
      variant: 'recipe-as-written',
      idpUrl: 'http://localhost:4401',
      windows: 2,
    });
  });

  it('names the setting and what was expected when a value is bad', () => {
    expect(() => readLaunchConfig(['--tokenstorm-variant=nope'], {})).toThrow(/--tokenstorm-variant: unknown variant "nope"; expected one of reference, recipe-as-written/);
    expect(() => readLaunchConfig([], { TOKENSTORM_IDP_URL: 'ftp://x' })).toThrow(/TOKENSTORM_IDP_URL: expected an http or https URL/);
    expect(() => readLaunchConfig(['--tokenstorm-windows=0'], {})).toThrow(/--tokenstorm-windows: expected a whole number of windows from 1 to 8/);
    expect(() => readLaunchConfig(['--tokenstorm-seed=1.5'], {})).toThrow(/--tokenstorm-seed: expected an integer seed, got "1.5"/);
    expect(() => readLaunchConfig([], { TOKENSTORM_TIME_SCALE: '0' })).toThrow(/TOKENSTORM_TIME_SCALE: expected a time scale above 0 and at most 1000 \(1 is real time\), got "0"/);
    try {
      readLaunchConfig(['--tokenstorm-idp=not a url'], {});
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_LAUNCH_CONFIG' });
    }
  });
});
