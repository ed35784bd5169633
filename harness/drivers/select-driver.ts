/** `auto` picks `electron` where its binary is installed, else `chromium`, and says which and why. */
import { chromiumExecutable, createChromiumDriver } from './chromium/chromium-driver.ts';
import { createElectronDriver } from './electron/electron-driver.ts';
import { electronBinaryFor, findElectronBinary } from './electron/find-electron.ts';
import type { Driver, DriverName } from './types.ts';

export type DriverChoice = DriverName | 'auto';

export interface SelectedDriver {
  driver: Driver;
  /** One line for reports: which driver ran and why. */
  reason: string;
}

/** The chromium driver, with the browser it will run named for the report (the headless shell and full Chromium differ a lot in speed). */
function chromium(why: string): SelectedDriver {
  return { driver: createChromiumDriver(), reason: `chromium (${why}; browser ${chromiumExecutable()})` };
}

export function selectDriver(choice: DriverChoice = 'auto', find: () => { path: string; via: string } = () => findElectronBinary()): SelectedDriver {
  if (choice === 'chromium') return chromium('asked for');
  if (choice !== 'auto' && choice !== 'electron') throw new TypeError(`unknown driver "${String(choice)}": expected auto, electron or chromium`);
  const binary = electronBinaryFor(choice, find);
  if (!binary) return chromium('auto: no Electron binary installed');
  const why = choice === 'electron' ? `asked for; binary via ${binary.via}` : `auto: binary found via ${binary.via}`;
  return { driver: createElectronDriver({ executablePath: binary.path }), reason: `electron (${why})` };
}
