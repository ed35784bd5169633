/** Shared by the driver and runner tests: what a launch or a run leaves behind in TMPDIR. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `body` with TMPDIR pointing at a fresh directory. `left()` lists what
 * tokenstorm has left in it so far: not the compiled host, which every launch
 * shares on purpose and which holds no secret, and not the playwright-*
 * directories a browser launched meanwhile keeps until it closes.
 */
export async function withFreshTmpdir(body: (left: () => string[], tmp: string) => Promise<void>): Promise<void> {
  const previous = process.env.TMPDIR;
  const tmp = mkdtempSync(join(tmpdir(), 'tokenstorm-tmp-'));
  process.env.TMPDIR = tmp;
  try {
    await body(() => readdirSync(tmp).filter((name) => name.startsWith('tokenstorm-') && !name.startsWith('tokenstorm-host-')), tmp);
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(tmp, { recursive: true, force: true });
  }
}
