/**
 * The name and version Electron gives an app, and the versions of what the
 * driver stands in for. Electron reads `productName` (else `name`) and
 * `version` from the app's package.json: here the nearest one above the main
 * entry that names an app (a `{ "type": "module" }` beside a bundle names
 * none). Without one, Electron's own: "Electron" and its version.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/**
 * The Electron the driver emulates: the `electron` package tokenstorm's
 * implementation of its API is typechecked against (undefined where it is not installed).
 */
export const EMULATED_ELECTRON_VERSION: string | undefined = (() => {
  try {
    return (createRequire(import.meta.url)('electron/package.json') as { version?: string }).version;
  } catch {
    return undefined;
  }
})();

export interface AppIdentity {
  name: string;
  version: string;
  /** The package.json they come from, if any. */
  packageJson?: string;
}

export function appIdentity(main: string, electronVersion = EMULATED_ELECTRON_VERSION ?? '0.0.0'): AppIdentity {
  const entry = resolve(main);
  let dir = statSync(entry, { throwIfNoEntry: false })?.isDirectory() ? entry : dirname(entry);
  for (;;) {
    const file = join(dir, 'package.json');
    const manifest = readManifest(file);
    const name = nonEmpty(manifest?.productName) ?? nonEmpty(manifest?.name);
    if (name !== undefined) return { name, version: nonEmpty(manifest?.version) ?? electronVersion, packageJson: file };
    const parent = dirname(dir);
    if (parent === dir) return { name: 'Electron', version: electronVersion };
    dir = parent;
  }
}

function readManifest(file: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    // None there, or one that is not JSON: Electron would not start on the latter; the next one up decides here.
    return undefined;
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
