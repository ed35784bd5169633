/**
 * The directories a tokenstorm process makes in TMPDIR for a client — its home, its profile, its keychain, a
 * scenario run's profile — are named by the process that made them: `tokenstorm-<kind>-<pid>-…`. Each is removed
 * when its client is disposed or its run ends; a process killed outright (SIGKILL, a CI job's timeout, a crash)
 * cannot remove them, so the first directory a process makes of a kind removes those of that kind whose process
 * is gone. A directory of a live process — another run on the same machine — is never touched.
 */
import { mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export type OwnedDirKind = 'home' | 'profile' | 'keychain' | 'run';

export interface SweepOptions {
  /** Whether a process exists (by default: signal 0 reaches it, or it is another user's). */
  alive?: (pid: number) => boolean;
  /** A further check that a directory is what this kind makes, before it is removed. */
  isOwnDir?: (path: string) => boolean;
}

const swept = new Set<OwnedDirKind>();

/** A fresh directory of `kind` in TMPDIR, named by this process (and `label`, such as a scenario's name). */
export function ownedTempDir(kind: OwnedDirKind, options: { label?: string; isOwnDir?: (path: string) => boolean } = {}): string {
  if (!swept.has(kind)) {
    swept.add(kind);
    sweepStaleDirs(tmpdir(), kind, options.isOwnDir ? { isOwnDir: options.isOwnDir } : {});
  }
  return mkdtempSync(join(tmpdir(), `tokenstorm-${kind}-${process.pid}-${options.label ? `${options.label}-` : ''}`));
}

/**
 * Keeps a directory past its process, for a person to look at: renamed `tokenstorm-kept-…` (its label and suffix
 * kept), so no sweep takes it. Answers where it is now.
 */
export function keepOwnedDir(path: string): string {
  const kept = join(dirname(path), basename(path).replace(/^tokenstorm-[a-z]+-\d+-/, 'tokenstorm-kept-'));
  if (kept !== path) renameSync(path, kept);
  return kept;
}

/** Removes the directories of `kind` in `dir` whose process no longer exists; answers how many. */
export function sweepStaleDirs(dir: string, kind: OwnedDirKind, options: SweepOptions = {}): number {
  const { alive = isAlive, isOwnDir = () => true } = options;
  const owner = new RegExp(`^tokenstorm-${kind}-(\\d+)-`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const pid = owner.exec(name)?.[1];
    if (pid === undefined || alive(Number(pid)) || !isOwnDir(join(dir, name))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
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
