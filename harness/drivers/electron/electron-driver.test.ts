import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createElectronDriver } from './electron-driver.ts';

describe('electron driver: launch options', () => {
  it('refuses a main entry that does not exist before anything starts, as the chromium driver does', async () => {
    const missing = join(import.meta.dirname, 'no-such-app', 'mian.js');
    // No Electron binary is needed to hear it: the options are checked first.
    await expect(createElectronDriver({ executablePath: '/nowhere/electron' }).launch({ main: missing })).rejects.toThrow(new TypeError(`main entry ${missing} does not exist`));
  });
});
