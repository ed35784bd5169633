/**
 * A home directory of the client's own, laid out as a fresh Linux account's:
 * HOME and the XDG base directories of the client's main process point into
 * it, so `app.getPath('appData' | 'documents' | …)`, and what main writes
 * under `os.homedir()`, stay out of the real home and of other clients'.
 * Made with the client, kept across restarts, removed by `dispose()`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ownedTempDir } from '../owned-temp-dir.ts';

/** What a desktop account has from the start: `~/.config` (appData) and the user directories Electron names. */
const STANDARD_DIRS = ['.config', 'Desktop', 'Documents', 'Downloads', 'Music', 'Pictures', 'Videos'];

export function createClientHome(): string {
  const home = ownedTempDir('home');
  for (const dir of STANDARD_DIRS) mkdirSync(join(home, dir));
  return home;
}

/** The environment that makes `home` the main process's home (Electron reads appData from XDG_CONFIG_HOME, else ~/.config). */
export function clientHomeEnv(home: string): Record<string, string> {
  return {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
  };
}
