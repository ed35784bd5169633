/**
 * The chromium driver's stand-in for the OS keychain: a directory of its own in
 * TMPDIR holding the safeStorage key, removed when the client is disposed. A
 * process killed outright (SIGKILL, a crash) cannot remove it, and the key
 * beside an encrypted profile is as good as plaintext tokens: so each one is
 * named by the process that made it, and the first keychain a process makes
 * removes those of processes that are gone (`../owned-temp-dir.ts`).
 */
import { readdirSync } from 'node:fs';
import { ownedTempDir, sweepStaleDirs } from '../owned-temp-dir.ts';

export const KEY_FILE = 'safe-storage.key';

export function createKeychainDir(): string {
  return ownedTempDir('keychain', { isOwnDir: holdsOnlyTheKey });
}

/** Removes the keychains in `dir` whose process no longer exists; answers how many. */
export function sweepStaleKeychains(dir: string, alive?: (pid: number) => boolean): number {
  return sweepStaleDirs(dir, 'keychain', { ...(alive ? { alive } : {}), isOwnDir: holdsOnlyTheKey });
}

/** A run's profile directory was once named after its scenario (`tokenstorm-<name>-…`), which could look like a keychain's. */
function holdsOnlyTheKey(path: string): boolean {
  try {
    const entries = readdirSync(path);
    return entries.length <= 1 && entries.every((entry) => entry === KEY_FILE);
  } catch {
    return false;
  }
}
