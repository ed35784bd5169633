/**
 * The chromium driver's stand-in for the OS keychain: a directory of its own in
 * TMPDIR holding the safeStorage key, removed when the client is disposed. A
 * process killed outright (SIGKILL, a crash) cannot remove it, and the key
 * beside an encrypted profile is as good as plaintext tokens: so each one is
 * named by the process that made it, and the first keychain a process makes
 * removes those of processes that are gone.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'tokenstorm-keychain-';
/** `tokenstorm-keychain-<pid>-…`: the process that made it. */
const OWNER = new RegExp(`^${PREFIX}(\\d+)-`);
export const KEY_FILE = 'safe-storage.key';
let swept = false;

export function createKeychainDir(): string {
  if (!swept) {
    swept = true;
    sweepStaleKeychains(tmpdir());
  }
  return mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
}

/** Removes the keychains in `dir` whose process no longer exists; answers how many. */
export function sweepStaleKeychains(dir: string, alive: (pid: number) => boolean = isAlive): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const pid = OWNER.exec(name)?.[1];
    if (pid === undefined || alive(Number(pid)) || !holdsOnlyTheKey(join(dir, name))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

/** A run's profile directory is named after its scenario (`tokenstorm-<name>-…`), which could look like a keychain's. */
function holdsOnlyTheKey(path: string): boolean {
  try {
    const entries = readdirSync(path);
    return entries.length <= 1 && entries.every((entry) => entry === KEY_FILE);
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
