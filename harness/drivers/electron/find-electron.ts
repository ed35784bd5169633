/** Finds the Electron binary, or says exactly why there is none and how to get it. */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

export const ELECTRON_INSTALL_HELP = `The Electron binary is not installed. The npm package "electron" downloads it in an install script,
which tokenstorm's package.json denies (allowScripts) so that npm ci works where only the npm registry is
reachable. Where the network allows the download:
  node node_modules/electron/install.js                              # or with ELECTRON_MIRROR=<mirror>
  npm pkg set allowScripts.electron=true && npm rebuild electron     # or allow the script for good
or point tokenstorm at an Electron you unpacked yourself:
  TOKENSTORM_ELECTRON=/path/to/electron  (or ELECTRON_OVERRIDE_DIST_PATH=/path/to/dir)
Where it cannot, use the chromium driver (--driver chromium, or TOKENSTORM_DRIVER=chromium for Playwright Test specs;
"auto" picks it): it runs the same built app in Chromium.`;

export class ElectronBinaryMissingError extends Error {
  override readonly name = 'ElectronBinaryMissingError';
  readonly code = 'ELECTRON_BINARY_MISSING';
  /** The first line: what is missing, without the help. */
  readonly detail: string;
  /** Whether someone named the binary (TOKENSTORM_ELECTRON): then it missing is their mistake, not a reason to use another driver. */
  readonly named: boolean;
  constructor(detail: string, named = false) {
    super(`${detail}\n\n${ELECTRON_INSTALL_HELP}`);
    this.detail = detail;
    this.named = named;
  }
}

export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): { path: string; via: string } {
  if (env.TOKENSTORM_ELECTRON) {
    if (!isFile(env.TOKENSTORM_ELECTRON)) throw new ElectronBinaryMissingError(`TOKENSTORM_ELECTRON points at ${env.TOKENSTORM_ELECTRON}, which is not a file.`, true);
    return { path: env.TOKENSTORM_ELECTRON, via: 'TOKENSTORM_ELECTRON' };
  }
  let path: string;
  try {
    // The electron package exports the path of its downloaded binary (and throws if there is none).
    path = createRequire(import.meta.url)('electron') as string;
  } catch {
    // Its own message ("failed to install correctly, please delete node_modules/electron…") misleads here: the script was denied on purpose.
    throw new ElectronBinaryMissingError('The "electron" package has no downloaded binary: its install script did not run.');
  }
  if (!existsSync(path)) throw new ElectronBinaryMissingError(`The "electron" package names ${path}, which does not exist.`);
  return { path, via: 'the electron package' };
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/**
 * The binary a driver choice runs Electron from: `electron` needs one (or throws); `auto` takes one if there is one
 * and otherwise answers undefined (the chromium driver runs), unless TOKENSTORM_ELECTRON names one that is not
 * there — an Electron someone named on purpose is their mistake to hear of, not a reason to switch drivers.
 */
export function electronBinaryFor(choice: 'auto' | 'electron', find: () => { path: string; via: string } = () => findElectronBinary()): { path: string; via: string } | undefined {
  if (choice === 'electron') return find();
  try {
    return find();
  } catch (error) {
    if (!(error instanceof ElectronBinaryMissingError) || error.named) throw error;
    return undefined;
  }
}
