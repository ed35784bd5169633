import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepStaleKeychains } from './keychain-dir.ts';

describe('sweepStaleKeychains', () => {
  it("removes the keychains of processes that are gone (a SIGKILL left the key), and only those", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenstorm-sweep-'));
    try {
      const make = (name: string) => {
        mkdirSync(join(dir, name));
        writeFileSync(join(dir, name, 'safe-storage.key'), 'key');
      };
      make('tokenstorm-keychain-111-AbCdEf'); // gone
      make(`tokenstorm-keychain-${process.pid}-GhIjKl`); // this process: in use
      make('tokenstorm-keychain-QrStUv'); // named before keychains carried their process: left alone
      make('tokenstorm-host-0123456789abcdef');
      // A run's profile, for a scenario whose name looks like a keychain's: more than a key in it.
      make('tokenstorm-keychain-222-x-MnOpQr');
      writeFileSync(join(dir, 'tokenstorm-keychain-222-x-MnOpQr', 'secure-tokens.json'), '{}');
      expect(sweepStaleKeychains(dir, (pid) => pid === process.pid)).toBe(1);
      expect(existsSync(join(dir, 'tokenstorm-keychain-111-AbCdEf'))).toBe(false);
      for (const kept of [`tokenstorm-keychain-${process.pid}-GhIjKl`, 'tokenstorm-keychain-QrStUv', 'tokenstorm-host-0123456789abcdef', 'tokenstorm-keychain-222-x-MnOpQr']) expect(existsSync(join(dir, kept))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 0 for a directory it cannot read', () => {
    expect(sweepStaleKeychains('/nonexistent/tokenstorm')).toBe(0);
  });
});
