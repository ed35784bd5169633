/** Finds the Electron binary, or says exactly why there is none and how to get it. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export const ELECTRON_INSTALL_HELP = `The Electron binary is not installed. The npm package "electron" downloads it in an install script,
which tokenstorm's package.json denies (allowScripts) so that npm ci works where only the npm registry is
reachable. Where the network allows the download:
  node node_modules/electron/install.js                              # or with ELECTRON_MIRROR=<mirror>
  npm pkg set allowScripts.electron=true && npm rebuild electron     # or allow the script for good
or point tokenstorm at an Electron you unpacked yourself:
  TOKENSTORM_ELECTRON=/path/to/electron  (or ELECTRON_OVERRIDE_DIST_PATH=/path/to/dir)
Where it cannot, use the chromium driver (--driver chromium; "auto" picks it): it runs the same built app in Chromium.`;

export class ElectronBinaryMissingError extends Error {
  override readonly name = 'ElectronBinaryMissingError';
  readonly code = 'ELECTRON_BINARY_MISSING';
  constructor(detail: string) {
    super(`${detail}\n\n${ELECTRON_INSTALL_HELP}`);
  }
}

export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): { path: string; via: string } {
  if (env.TOKENSTORM_ELECTRON) {
    if (!existsSync(env.TOKENSTORM_ELECTRON)) throw new ElectronBinaryMissingError(`TOKENSTORM_ELECTRON points at ${env.TOKENSTORM_ELECTRON}, which does not exist.`);
    return { path: env.TOKENSTORM_ELECTRON, via: 'TOKENSTORM_ELECTRON' };
  }
  let path: string;
  try {
    // The electron package exports the path of its downloaded binary (and throws if there is none).
    path = createRequire(import.meta.url)('electron') as string;
  } catch (error) {
    throw new ElectronBinaryMissingError(`The "electron" package has no binary: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!existsSync(path)) throw new ElectronBinaryMissingError(`The "electron" package names ${path}, which does not exist.`);
  return { path, via: 'the electron package' };
}
