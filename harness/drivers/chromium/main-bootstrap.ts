/**
 * Loaded with `--import` in the client's main process before its bundle: makes
 * `electron` resolve to tokenstorm's implementation for both `import` (loader
 * hook) and `require` (one shared instance), starts serving the driver, and
 * has `app` get ready once the main module's top-level code has run.
 * Runs as TypeScript (through tsx) or compiled beside its siblings (./compiled-host.ts).
 */
import Module, { register } from 'node:module';

const compiled = import.meta.url.endsWith('.mjs');
const HOST_MODULES = compiled ? { shim: './electron-api.mjs', dispatch: './command-dispatch.mjs' } : { shim: './electron-api/index.ts', dispatch: './electron-api/command-dispatch.ts' };
const shimUrl = new URL(HOST_MODULES.shim, import.meta.url).href;
// Plain JavaScript: the same file beside the source and beside the compiled bootstrap.
register('./resolve-electron.mjs', import.meta.url, { data: { shimUrl } });

const electron = await import(shimUrl);
const { startCommandDispatch } = (await import(new URL(HOST_MODULES.dispatch, import.meta.url).href)) as typeof import('./electron-api/command-dispatch.ts');

// As Electron: `ready` comes after the main's top-level code (`app.setPath` before ready, `app.isReady()` false there).
// An ES module main calls this as its code starts (./resolve-electron.mjs), a CommonJS one as Module._load loads it.
const mainStarted = () => (electron.app as { readyAfterMainStarts(): void }).readyAfterMainStarts();
(globalThis as unknown as Record<symbol, () => void>)[Symbol.for('tokenstorm.chromium.mainStarted')] = mainStarted;

const moduleInternals = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
const load = moduleInternals._load;
moduleInternals._load = function loadWithElectron(request, parent, isMain) {
  if (request === 'electron' || request === 'electron/main') return electron;
  if (isMain) mainStarted();
  return load.call(this, request, parent, isMain);
};

// Electron's main process reports itself as 'browser' (electron-store and others branch on it), and its version in
// process.versions, which apps read to tell Electron from plain Node (the Chromium version is the preload's only:
// the browser the windows run in may not be up yet when main starts).
(process as unknown as { type: string }).type = 'browser';
if (process.env.TOKENSTORM_ELECTRON_VERSION) Object.defineProperty(process.versions, 'electron', { value: process.env.TOKENSTORM_ELECTRON_VERSION, enumerable: true });
startCommandDispatch();
