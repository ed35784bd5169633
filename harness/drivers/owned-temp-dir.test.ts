import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepOwnedDir, ownedTempDir, sweepStaleDirs } from './owned-temp-dir.ts';

describe('sweepStaleDirs', () => {
  it('removes the directories of a kind whose process is gone (a SIGKILL left them), and no others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenstorm-sweep-'));
    try {
      const make = (name: string) => {
        mkdirSync(join(dir, name));
        writeFileSync(join(dir, name, 'Local State'), '{}');
      };
      const gone = ['tokenstorm-home-111-AbCdEf', 'tokenstorm-profile-111-GhIjKl', 'tokenstorm-run-111-access-expiry-burst-MnOpQr'];
      const kept = [
        `tokenstorm-home-${process.pid}-StUvWx`, // this process: in use
        'tokenstorm-profile-QrStUv', // named before directories carried their process: left alone
        'tokenstorm-access-expiry-burst-YzAbCd', // likewise, a run's profile of before
        'tokenstorm-host-0123456789abcdef',
        'tokenstorm-keychain-111-EfGhIj', // another kind: its own sweep, with its own check
      ];
      for (const name of [...gone, ...kept]) make(name);
      const alive = (pid: number) => pid === process.pid;
      expect(['home', 'profile', 'run'].map((kind) => sweepStaleDirs(dir, kind as 'home' | 'profile' | 'run', { alive }))).toEqual([1, 1, 1]);
      for (const name of gone) expect(existsSync(join(dir, name)), name).toBe(false);
      for (const name of kept) expect(existsSync(join(dir, name)), name).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves a directory its kind does not recognise as its own, and answers 0 for a directory it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenstorm-sweep-'));
    try {
      mkdirSync(join(dir, 'tokenstorm-home-111-AbCdEf'));
      expect(sweepStaleDirs(dir, 'home', { alive: () => false, isOwnDir: () => false })).toBe(0);
      expect(existsSync(join(dir, 'tokenstorm-home-111-AbCdEf'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(sweepStaleDirs('/nonexistent/tokenstorm', 'home')).toBe(0);
  });
});

describe('ownedTempDir', () => {
  it('names a directory by its kind, this process and a label; one kept loses the mark a sweep looks for', () => {
    let made = ownedTempDir('run', { label: 'clock-skew' });
    try {
      expect(basename(made)).toMatch(new RegExp(`^tokenstorm-run-${process.pid}-clock-skew-[A-Za-z0-9]{6}$`));
      const suffix = made.slice(-6);
      made = keepOwnedDir(made);
      expect(basename(made)).toBe(`tokenstorm-kept-clock-skew-${suffix}`);
      expect(sweepStaleDirs(tmpdir(), 'run', { alive: () => false, isOwnDir: (path) => path === made })).toBe(0);
      expect(existsSync(made)).toBe(true);
    } finally {
      rmSync(made, { recursive: true, force: true });
    }
  });
});
