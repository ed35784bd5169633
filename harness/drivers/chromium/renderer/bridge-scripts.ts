/**
 * The scripts the chromium driver injects into every window before page
 * scripts run:
 *  - in an isolated world, the bridge (`contextBridge` and `ipcRenderer`, IPC
 *    over a CDP binding that exists only in that world), then the preload itself
 *    in a script of its own, so a preload that does not even compile leaves the
 *    bridge working; a preload that throws is reported as Electron reports it
 *    ("Unable to load preload script: …" on the window's console) and keeps
 *    what it exposed before the error;
 *  - in the main world, one stub per exposed function, generated from the shape
 *    the preload exposes, so the page sees exactly what was exposed and nothing else.
 * Calls cross between the worlds synchronously, as Electron's contextBridge
 * does, through DOM events with a per-launch secret name and JSON payloads
 * (values are copied, as the bridge copies them); callbacks, returned functions
 * and promises are proxied.
 */
import type { ExposedShape } from './exposed-shape.ts';
import { preloadFailureLine, preloadRunner, SANDBOX_SOURCE } from './preload-sandbox.ts';

export interface BridgeNames {
  /** Name of the isolated world the preload runs in. */
  world: string;
  /** CDP binding for ipcRenderer, added to that world only. */
  binding: string;
  /** Prefix of the DOM event names that carry bridge calls. */
  event: string;
  /** Global (isolated world only) the driver calls to settle invokes and deliver webContents.send. */
  hook: string;
  /** Global (isolated world only) through which the bridge hands `electron` to the preload's script. */
  preload: string;
}

export function mainWorldScript(names: BridgeNames, shape: ExposedShape): string {
  return `(() => {
  const EVENT = ${JSON.stringify(names.event)};
  const dispatch = EventTarget.prototype.dispatchEvent.bind(window);
  const listen = EventTarget.prototype.addEventListener.bind(window);
  const Custom = CustomEvent, parse = JSON.parse, stringify = JSON.stringify, freeze = Object.freeze, define = Object.defineProperty;
  const callbacks = new Map(), promises = new Map();
  let nextId = 1, answer;
  const encode = (value) => typeof value === 'function' ? (callbacks.set(nextId, value), { __tsCallback: nextId++ }) : value;
  const decode = (value) => {
    if (value && typeof value === 'object') {
      if (value.__tsFunction) return (...args) => call(['__returned', value.__tsFunction], args);
      if (value.__tsPromise) return new Promise((resolve, reject) => promises.set(value.__tsPromise, { resolve, reject }));
      if (value.__tsError) { const error = new Error(value.__tsError.message); error.name = value.__tsError.name; throw error; }
    }
    return value;
  };
  listen(EVENT + '-answer', (event) => { event.stopImmediatePropagation(); answer = parse(event.detail); }, true);
  listen(EVENT + '-callback', (event) => { event.stopImmediatePropagation(); const { id, args } = parse(event.detail); const fn = callbacks.get(id); if (fn) fn(...args); }, true);
  listen(EVENT + '-settle', (event) => {
    event.stopImmediatePropagation();
    const { id, ok, value } = parse(event.detail);
    const waiter = promises.get(id); promises.delete(id);
    if (!waiter) return;
    if (ok) waiter.resolve(value); else { const error = new Error(value.message); error.name = value.name; waiter.reject(error); }
  }, true);
  const call = (path, args) => {
    answer = undefined;
    dispatch(new Custom(EVENT + '-call', { detail: stringify({ path, args: args.map(encode) }) }));
    if (answer === undefined) throw new Error('the preload of this window is not running (tokenstorm chromium driver)');
    return decode(answer.value);
  };
  const build = (node, path) => {
    if (node.t === 'f') return (...args) => call(path, args);
    if (node.t === 'o') return freeze(Object.fromEntries(Object.entries(node.p).map(([key, inner]) => [key, build(inner, path.concat(key))])));
    return node.v;
  };
  const shape = ${JSON.stringify(shape)};
  for (const key of Object.keys(shape)) define(window, key, { value: build(shape[key], [key]), enumerable: true, configurable: false, writable: false });
})();`;
}

export function isolatedWorldScript(names: BridgeNames): string {
  return `(() => {
  const EVENT = ${JSON.stringify(names.event)};
  const binding = globalThis[${JSON.stringify(names.binding)}];
  delete globalThis[${JSON.stringify(names.binding)}];
  const exposed = Object.create(null), returned = new Map(), pending = new Map(), listeners = new Map();
  let nextId = 1;
  const send = (type, detail) => window.dispatchEvent(new CustomEvent(EVENT + '-' + type, { detail: JSON.stringify(detail) }));
  const clone = (value) => value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  const toPlainError = (error) => ({ name: (error && error.name) || 'Error', message: String((error && error.message) || error) });

  const ipcRenderer = {
    invoke(channel, ...args) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        binding(JSON.stringify({ kind: 'invoke', id, channel, args }));
      });
    },
    send(channel, ...args) { binding(JSON.stringify({ kind: 'send', channel, args })); },
    sendSync() { throw new Error('ipcRenderer.sendSync is not supported by the tokenstorm chromium driver'); },
    on(channel, listener) { if (!listeners.has(channel)) listeners.set(channel, new Set()); listeners.get(channel).add(listener); return ipcRenderer; },
    once(channel, listener) { const wrapped = (...args) => { ipcRenderer.removeListener(channel, wrapped); listener(...args); }; return ipcRenderer.on(channel, wrapped); },
    removeListener(channel, listener) { listeners.get(channel)?.delete(listener); return ipcRenderer; },
    off(channel, listener) { return ipcRenderer.removeListener(channel, listener); },
    removeAllListeners(channel) { if (channel) listeners.delete(channel); else listeners.clear(); return ipcRenderer; },
  };

  const hook = globalThis[${JSON.stringify(names.hook)}] = {
    settle(id, ok, json) {
      const waiter = pending.get(id); pending.delete(id);
      if (!waiter) return;
      const value = JSON.parse(json);
      if (ok) waiter.resolve(value); else { const error = new Error(value.message); error.name = value.name; waiter.reject(error); }
    },
    emit(channel, json) {
      const args = JSON.parse(json);
      for (const listener of [...(listeners.get(channel) || [])]) listener({ sender: ipcRenderer, senderId: 0 }, ...args);
    },
    // The driver sends what queued while its last delivery was on the way in one call. Each message still
    // runs in a task of its own, in order, as Electron delivers IPC: the first at once, the rest behind it.
    deliver(messages) {
      const idle = inbox.length === 0;
      inbox.push(...messages);
      if (idle) deliverNext();
    },
  };
  const inbox = [];
  const nextTask = new MessageChannel();
  const deliverNext = () => {
    const [method, ...args] = inbox.shift();
    if (inbox.length > 0) nextTask.port2.postMessage(null);
    hook[method](...args);
  };
  nextTask.port1.onmessage = deliverNext;

  const contextBridge = {
    exposeInMainWorld(key, api) {
      if (key in exposed) throw new Error('Cannot bind an API on top of an existing property on the window object');
      exposed[key] = api;
    },
    exposeInIsolatedWorld() { throw new Error('exposeInIsolatedWorld is not supported by the tokenstorm chromium driver'); },
  };

  const encodeResult = (value) => {
    if (typeof value === 'function') { const id = nextId++; returned.set(id, value); return { __tsFunction: id }; }
    if (value && typeof value.then === 'function') {
      const id = nextId++;
      value.then((settled) => send('settle', { id, ok: true, value: clone(settled) }), (error) => send('settle', { id, ok: false, value: toPlainError(error) }));
      return { __tsPromise: id };
    }
    return clone(value);
  };

  window.addEventListener(EVENT + '-call', (event) => {
    event.stopImmediatePropagation();
    const { path, args } = JSON.parse(event.detail);
    const decoded = args.map((arg) => arg && arg.__tsCallback ? (...values) => send('callback', { id: arg.__tsCallback, args: clone(values) }) : arg);
    let value;
    try {
      let target;
      if (path[0] === '__returned') target = returned.get(path[1]);
      else { let holder = exposed; for (const key of path.slice(0, -1)) holder = holder[key]; target = holder[path[path.length - 1]]; }
      value = encodeResult(target(...decoded));
    } catch (error) {
      value = { __tsError: toPlainError(error) };
    }
    send('answer', { value });
  }, true);

  const electron = { contextBridge, ipcRenderer, webFrame: { setZoomFactor() {}, getZoomFactor: () => 1 } };
  globalThis[${JSON.stringify(names.preload)}] = { sandbox: ${SANDBOX_SOURCE}(electron), failed: (line, stack) => binding(JSON.stringify({ kind: 'preload-error', line, stack })) };
})();`;
}

/**
 * The preload, run in the isolated world after the bridge, in the sandbox
 * Electron gives it (./preload-sandbox.ts). Everything before its source is on
 * the first line, so its stack traces keep its own line numbers.
 */
export function preloadScript(names: BridgeNames, preload: { source: string; path: string }): string {
  const line = JSON.stringify(preloadFailureLine(preload.path));
  const host = JSON.stringify(names.preload);
  return `(() => { const host = globalThis[${host}]; delete globalThis[${host}]; try { ${preloadRunner(preload.source)}(host.sandbox); } catch (error) {
    console.error(${line});
    console.error(error);
    host.failed(${line}, String((error && error.stack) || error));
  }
})();
//# sourceURL=${preload.path.replace(/[\r\n]/g, '')}`;
}
