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

  it('refuses an unknown driver name', () => {
    expect(() => selectDriver('firefox' as never)).toThrow(TypeError);
  });
});
