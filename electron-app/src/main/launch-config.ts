/**
 * The client's launch configuration, from command-line flags (`--tokenstorm-variant=NAME`)
 * or the environment (`TOKENSTORM_VARIANT`); a flag wins over the environment.
 * The harness starts any variant against any IdP this way.
 */
import { MAX_TIME_SCALE, PRESETS, type PresetName } from '../core/index.ts';
import { ClientError } from '../shared/client-errors.ts';

export interface LaunchConfig {
  variant: PresetName;
  idpUrl: string;
  /** Overrides `app.getPath('userData')` (the profile: tokens, settings, logs). */
  userDataDir: string | null;
  windows: number;
  oauthClientId: string;
  /**
   * How many times faster than real time the client's clock runs (deadlines,
   * backoff, Retry-After, the refresh budget); 1 is real time. The harness sets
   * it to play long waits quickly, on the same scale as the mock IdP's delays.
   */
  timeScale: number;
  /** Seeds the backoff jitter, so a harness run with a seed waits the same delays again; null: Math.random. */
  seed: number | null;
}

export const DEFAULT_IDP_URL = 'http://127.0.0.1:4400';
export const MAX_WINDOWS = 8;

interface Setting {
  flag: string;
  env: string;
}

export const LAUNCH_SETTINGS = {
  variant: { flag: '--tokenstorm-variant', env: 'TOKENSTORM_VARIANT' },
  idpUrl: { flag: '--tokenstorm-idp', env: 'TOKENSTORM_IDP_URL' },
  userDataDir: { flag: '--tokenstorm-user-data', env: 'TOKENSTORM_USER_DATA' },
  windows: { flag: '--tokenstorm-windows', env: 'TOKENSTORM_WINDOWS' },
  oauthClientId: { flag: '--tokenstorm-oauth-client', env: 'TOKENSTORM_OAUTH_CLIENT_ID' },
  timeScale: { flag: '--tokenstorm-time-scale', env: 'TOKENSTORM_TIME_SCALE' },
  seed: { flag: '--tokenstorm-seed', env: 'TOKENSTORM_SEED' },
} as const satisfies Record<keyof LaunchConfig, Setting>;

export function readLaunchConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): LaunchConfig {
  const read = (setting: Setting): { value: string; from: string } | null => {
    const prefix = `${setting.flag}=`;
    const arg = [...argv].reverse().find((candidate) => candidate.startsWith(prefix));
    if (arg !== undefined) return { value: arg.slice(prefix.length), from: setting.flag };
    const fromEnv = env[setting.env];
    return fromEnv === undefined || fromEnv === '' ? null : { value: fromEnv, from: setting.env };
  };
  return {
    variant: parseVariant(read(LAUNCH_SETTINGS.variant)),
    idpUrl: parseIdpUrl(read(LAUNCH_SETTINGS.idpUrl)),
    userDataDir: read(LAUNCH_SETTINGS.userDataDir)?.value ?? null,
    windows: parseWindows(read(LAUNCH_SETTINGS.windows)),
    oauthClientId: read(LAUNCH_SETTINGS.oauthClientId)?.value ?? 'tokenstorm-desktop',
    timeScale: parseTimeScale(read(LAUNCH_SETTINGS.timeScale)),
    seed: parseSeed(read(LAUNCH_SETTINGS.seed)),
  };
}

function parseVariant(setting: { value: string; from: string } | null): PresetName {
  if (setting === null) return 'reference';
  const preset = PRESETS.find((candidate) => candidate.name === setting.value);
  if (preset === undefined) {
    throw new ClientError('BAD_LAUNCH_CONFIG', `${setting.from}: unknown variant "${setting.value}"; expected one of ${PRESETS.map((p) => p.name).join(', ')}`);
  }
  return preset.name;
}

function parseIdpUrl(setting: { value: string; from: string } | null): string {
  if (setting === null) return DEFAULT_IDP_URL;
  let url: URL;
  try {
    url = new URL(setting.value);
  } catch {
    throw new ClientError('BAD_LAUNCH_CONFIG', `${setting.from}: expected an absolute http(s) URL such as ${DEFAULT_IDP_URL}, got "${setting.value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ClientError('BAD_LAUNCH_CONFIG', `${setting.from}: expected an http or https URL, got "${setting.value}"`);
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function parseWindows(setting: { value: string; from: string } | null): number {
  if (setting === null) return 1;
  const count = Number(setting.value);
  if (!Number.isInteger(count) || count < 1 || count > MAX_WINDOWS) {
    throw new ClientError('BAD_LAUNCH_CONFIG', `${setting.from}: expected a whole number of windows from 1 to ${MAX_WINDOWS}, got "${setting.value}"`);
  }
  return count;
}

function parseTimeScale(setting: { value: string; from: string } | null): number {
  if (setting === null) return 1;
  const scale = Number(setting.value);
  if (!(Number.isFinite(scale) && scale > 0 && scale <= MAX_TIME_SCALE)) {
    throw new ClientError('BAD_LAUNCH_CONFIG', `${setting.from}: expected a time scale above 0 and at most ${MAX_TIME_SCALE} (1 is real time), got "${setting.value}"`);
  }
  return scale;
}

function parseSeed(setting: { value: string; from: string } | null): number | null {
  if (setting === null) return null;
  const seed = Number(setting.value);
  if (!Number.isSafeInteger(seed)) throw new ClientError('BAD_LAUNCH_CONFIG', `${setting.from}: expected an integer seed, got "${setting.value}"`);
  return seed;
}
