/**
 * What a preload exposes with `contextBridge.exposeInMainWorld`, learnt by
 * running it once in a Node `vm` context against a recording `electron`. The
 * main-world stubs must exist before page scripts run, so the shape is known
 * before the page loads (preloads expose at top level, as Electron recommends).
 *
 * The vm stands in for the page only as far as a preload's top level needs:
 * `window`/`document` whose event methods do nothing (Electron's quick-start
 * preload listens for DOMContentLoaded), timers that never fire, a silent
 * console, and the modules Electron's sandbox allows (./preload-sandbox.ts).
 * A preload that throws keeps what it exposed before the error, as in Electron:
 * learning the shape never fails the window.
 */
import { createContext, runInContext } from 'node:vm';
import { preloadRunner, SANDBOX_SOURCE } from './preload-sandbox.ts';

export type ShapeNode = { t: 'f' } | { t: 'o'; p: Record<string, ShapeNode> } | { t: 'v'; v: unknown };
export type ExposedShape = Record<string, ShapeNode>;

export interface DiscoveredShape {
  shape: ExposedShape;
  /** What the preload threw, if it did: the shape holds what it exposed before. */
  error?: string;
}

function describe(value: unknown, depth = 0): ShapeNode {
  if (typeof value === 'function') return { t: 'f' };
  if (value && typeof value === 'object' && !Array.isArray(value) && depth < 8) {
    return { t: 'o', p: Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, describe(inner, depth + 1)])) };
  }
  try {
    return { t: 'v', v: JSON.parse(JSON.stringify(value ?? null)) as unknown };
  } catch {
    return { t: 'v', v: null };
  }
}

const noop = () => undefined;

/** Event methods that do nothing: the vm's `window` and `document` never fire events. */
const silentEventTarget = () => ({ addEventListener: noop, removeEventListener: noop, dispatchEvent: () => true });

/** The page as far as a preload's top level reaches in the vm. */
function pageStandIn(): Record<string, unknown> {
  const document = {
    ...silentEventTarget(),
    readyState: 'loading',
    getElementById: () => null,
    querySelector: () => null,
    querySelectorAll: () => [],
  };
  const console = new Proxy({}, { get: () => noop });
  const global: Record<string, unknown> = {
    ...silentEventTarget(),
    document,
    console,
    URL,
    URLSearchParams,
    setTimeout: () => 0,
    clearTimeout: noop,
    setInterval: () => 0,
    clearInterval: noop,
    queueMicrotask: noop,
  };
  global.window = global;
  global.self = global;
  return global;
}

export function discoverExposedShape(preloadSource: string, preloadPath: string): DiscoveredShape {
  const shape: ExposedShape = {};
  const ipcRenderer = { invoke: () => new Promise(noop), send: noop, sendSync: noop, on: () => ipcRenderer, once: () => ipcRenderer, off: () => ipcRenderer, removeListener: () => ipcRenderer, removeAllListeners: () => ipcRenderer };
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => {
        if (key in shape) throw new Error('Cannot bind an API on top of an existing property on the window object');
        shape[key] = describe(api);
      },
      exposeInIsolatedWorld: noop,
    },
    ipcRenderer,
    webFrame: { setZoomFactor: noop, getZoomFactor: () => 1 },
    webUtils: { getPathForFile: () => '' },
  };
  try {
    const context = createContext(pageStandIn());
    const sandbox = (runInContext(SANDBOX_SOURCE, context) as (electronModule: unknown) => unknown)(electron);
    (runInContext(preloadRunner(preloadSource), context, { filename: preloadPath }) as (made: unknown) => void)(sandbox);
  } catch (error) {
    // From the vm's realm: not `instanceof Error` here.
    const thrown = error as { name?: unknown; message?: unknown } | null;
    return { shape, error: typeof thrown?.message === 'string' ? `${String(thrown.name ?? 'Error')}: ${thrown.message}` : String(error) };
  }
  return { shape };
}
