import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ElectronBinaryMissingError, findElectronBinary } from './electron/find-electron.ts';
import { chromiumExecutable } from './chromium/shared-browser.ts';
import { selectDriver } from './select-driver.ts';

describe('driver selection', () => {
  it('auto picks chromium where no Electron binary is installed, and says why', () => {
    const selected = selectDriver('auto', () => {
      throw new ElectronBinaryMissingError('no binary here');
    });
    expect(selected.driver.name).toBe('chromium');
    expect(selected.reason).toBe(`chromium (auto: no Electron binary installed; browser ${chromiumExecutable()})`);
  });

  it('names the browser the chromium driver runs', () => {
    expect(selectDriver('chromium').reason).toBe(`chromium (asked for; browser ${chromiumExecutable()})`);
  });

  it('auto picks electron when TOKENSTORM_ELECTRON names an existing binary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-electron-'));
    try {
      const fake = join(dir, 'electron');
      writeFileSync(fake, '');
      const selected = selectDriver('auto', () => findElectronBinary({ TOKENSTORM_ELECTRON: fake }));
      expect(selected.driver.name).toBe('electron');
      expect(selected.reason).toContain('TOKENSTORM_ELECTRON');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('asking for electron without a binary fails with a typed error that says how to install it', () => {
    expect(() => selectDriver('electron', () => findElectronBinary({ TOKENSTORM_ELECTRON: '/nowhere/electron' }))).toThrow(ElectronBinaryMissingError);
    expect(() => findElectronBinary({ TOKENSTORM_ELECTRON: '/nowhere/electron' })).toThrow(/npm rebuild electron/);
  });

  it('auto does not switch drivers when TOKENSTORM_ELECTRON names something that is not a binary: that is said', () => {
    expect(() => selectDriver('auto', () => findElectronBinary({ TOKENSTORM_ELECTRON: '/nowhere/electron' }))).toThrow('TOKENSTORM_ELECTRON points at /nowhere/electron, which is not a file.');
    expect(() => findElectronBinary({ TOKENSTORM_ELECTRON: '/etc' })).toThrow('TOKENSTORM_ELECTRON points at /etc, which is not a file.');
  });

  const electronInstalled = (() => {
    try {
      findElectronBinary({});
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(electronInstalled)("says the electron package's binary is missing because its install script did not run, not that the install failed", () => {
    expect(() => findElectronBinary({})).toThrow(/^The "electron" package has no downloaded binary: its install script did not run\.\n\nThe Electron binary is not installed/);
  });

  it('refuses an unknown driver name', () => {
    expect(() => selectDriver('firefox' as never)).toThrow(TypeError);
  });
});
