import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { withFreshTmpdir } from '../tmpdir-test-support.ts';

/** A fresh copy of the module: its cache of the compiled path is per process. */
const freshCompile = async () => {
  vi.resetModules();
  return (await import('./compiled-host.ts')).compiledBootstrap();
};

describe('compiledBootstrap', () => {
  it('reuses the compiled host it wrote, named by its content', async () => {
    await withFreshTmpdir(async () => {
      const first = await freshCompile();
      expect(basename(dirname(first))).toMatch(/^tokenstorm-host-[0-9a-f]{16}$/);
      expect(await freshCompile()).toBe(first);
    });
  });

  it.skipIf(process.getuid === undefined)("never runs a directory by that name that others can write to: every client main would run someone else's code", async () => {
    await withFreshTmpdir(async () => {
      const first = await freshCompile();
      // As a TMPDIR shared with other users allows: the directory was there first, writable, holding their code.
      writeFileSync(first, 'throw new Error("planted")');
      chmodSync(dirname(first), 0o777);
      const second = await freshCompile();
      expect(dirname(second)).not.toBe(dirname(first));
      expect(dirname(second).startsWith(`${dirname(first)}-`)).toBe(true);
      expect(readFileSync(second, 'utf8')).not.toContain('planted');
    });
  });
});
