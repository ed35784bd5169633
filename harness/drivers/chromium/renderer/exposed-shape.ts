/**
 * What a preload exposes with `contextBridge.exposeInMainWorld`, learnt by
 * running it once in a Node `vm` context against a recording `electron`. The
 * main-world stubs must exist before page scripts run, so the shape is known
 * before the page loads (preloads expose at top level, as Electron recommends).
 */
import { runInNewContext } from 'node:vm';

export type ShapeNode = { t: 'f' } | { t: 'o'; p: Record<string, ShapeNode> } | { t: 'v'; v: unknown };
export type ExposedShape = Record<string, ShapeNode>;

function describe(value: unknown, depth = 0): ShapeNode {
  if (typeof value === 'function') return { t: 'f' };
  if (value && typeof value === 'object' && !Array.isArray(value) && depth < 8) {
    return { t: 'o', p: Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, describe(inner, depth + 1)])) };
  }
  return { t: 'v', v: JSON.parse(JSON.stringify(value ?? null)) };
}

export function discoverExposedShape(preloadSource: string, preloadPath: string): ExposedShape {
  const shape: ExposedShape = {};
  const noop = () => undefined;
  const ipcRenderer = { invoke: () => new Promise(noop), send: noop, sendSync: noop, on: () => ipcRenderer, once: () => ipcRenderer, off: () => ipcRenderer, removeListener: () => ipcRenderer, removeAllListeners: () => ipcRenderer };
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => void (shape[key] = describe(api)),
      exposeInIsolatedWorld: noop,
    },
    ipcRenderer,
    webFrame: { setZoomFactor: noop, getZoomFactor: () => 1 },
    webUtils: { getPathForFile: () => '' },
  };
  const module = { exports: {} };
  const require = (name: string) => {
    if (name === 'electron' || name === 'electron/renderer') return electron;
    throw new Error(`a sandboxed preload can only require 'electron', not '${name}'`);
  };
  const process = { platform: 'linux', type: 'renderer', env: {}, versions: {}, argv: [], sandboxed: true, contextIsolated: true };
  try {
    runInNewContext(`(function (require, module, exports, process) {\n${preloadSource}\n})`, { console }, { filename: preloadPath })(require, module, module.exports, process);
  } catch (error) {
    throw new Error(`the chromium driver could not learn what ${preloadPath} exposes: ${(error as Error).message}`);
  }
  return shape;
}
