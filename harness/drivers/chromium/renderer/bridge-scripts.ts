/**
 * The scripts the chromium driver injects into every window before page
 * scripts run:
 *  - in the main world, the receiving end of the bridge: it defines on
 *    `window` what the preload exposes, when the preload exposes it, as
 *    Electron's contextBridge does (also after an `await`), from the values
 *    the preload computed in the page;
 *  - in an isolated world, the bridge (`contextBridge` and `ipcRenderer`, IPC
 *    over a CDP binding that exists only in that world), then the preload itself
 *    in a script of its own, so a preload that does not even compile leaves the
 *    bridge working; a preload that throws is reported as Electron reports it
 *    ("Unable to load preload script: …" on the window's console) and keeps
 *    what it exposed before the error.
 * The scripts run in that order on every new document. Calls cross between
 * the worlds synchronously, as Electron's contextBridge does, through DOM
 * events with a per-launch secret name and JSON payloads (values are copied,
 * as the bridge copies them); exposed functions, callbacks, returned functions
 * and promises are proxied.
 */
import { preloadFailureLine, preloadRunner, SANDBOX_SOURCE, sandboxOptionsSource, type SandboxOptions } from './preload-sandbox.ts';

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

export function mainWorldScript(names: BridgeNames): string {
  return `(() => {
  const EVENT = ${JSON.stringify(names.event)};
  const dispatch = EventTarget.prototype.dispatchEvent.bind(window);
  const listen = EventTarget.prototype.addEventListener.bind(window);
  const Custom = CustomEvent, parse = JSON.parse, stringify = JSON.stringify, freeze = Object.freeze, define = Object.defineProperty;
  const fromEntries = Object.fromEntries, entries = Object.entries, values = Object.values;
  const callbacks = new Map(), promises = new Map();
  let nextId = 1, answer;
  const encode = (value) => typeof value === 'function' ? (callbacks.set(nextId, value), { __tsCallback: nextId++ }) : value;
  const decode = (value) => {
    if (value && typeof value === 'object') {
      if (value.__tsFunction) return proxy(value.__tsFunction);
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
  const call = (fn, args) => {
    answer = undefined;
    dispatch(new Custom(EVENT + '-call', { detail: stringify({ fn, args: args.map(encode) }) }));
    if (answer === undefined) throw new Error('the preload of this window is not running (tokenstorm chromium driver)');
    return decode(answer.value);
  };
  const proxy = (fn) => (...args) => call(fn, args);
  // contextBridge deep-freezes what it copies into the page.
  const deepFreeze = (value) => { if (value && typeof value === 'object') { values(value).forEach(deepFreeze); freeze(value); } return value; };
  const build = (node) => {
    if (node.t === 'f') return proxy(node.id);
    if (node.t === 'o') return freeze(fromEntries(entries(node.p).map(([key, inner]) => [key, build(inner)])));
    if (node.t === 'a') return freeze(node.p.map(build));
    return deepFreeze(node.v);
  };
  listen(EVENT + '-expose', (event) => {
    event.stopImmediatePropagation();
    const { key, shape } = parse(event.detail);
    let error = null;
    // Electron's check and message: the key must not be on window already (its own or its prototypes').
    if (key in window) error = 'Cannot bind an API on top of an existing property on the window object';
    else define(window, key, { value: build(shape), enumerable: true, configurable: false, writable: false });
    dispatch(new Custom(EVENT + '-exposed', { detail: stringify({ error }) }));
  }, true);
})();`;
}

export function isolatedWorldScript(names: BridgeNames, sandbox: SandboxOptions): string {
  return `(() => {
  const EVENT = ${JSON.stringify(names.event)};
  const binding = globalThis[${JSON.stringify(names.binding)}];
  delete globalThis[${JSON.stringify(names.binding)}];
  // Every function the page can call: exposed, or returned to it by one it called. The page calls them by id.
  const functions = new Map(), pending = new Map(), listeners = new Map();
  let nextId = 1, exposedAnswer;
  const send = (type, detail) => window.dispatchEvent(new CustomEvent(EVENT + '-' + type, { detail: JSON.stringify(detail) }));
  const clone = (value) => value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  const toPlainError = (error) => ({ name: (error && error.name) || 'Error', message: String((error && error.message) || error) });
  const proxied = (fn) => { const id = nextId++; functions.set(id, fn); return id; };

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

  // What exposeInMainWorld copies into the page, as of the call: functions by id, plain objects and arrays walked, other values as JSON.
  const plain = (value) => { const prototype = Object.getPrototypeOf(value); return prototype === Object.prototype || prototype === null; };
  const describe = (value, path, depth) => {
    if (typeof value === 'function') return { t: 'f', id: proxied(value) };
    if (depth < 16 && Array.isArray(value)) return { t: 'a', p: value.map((inner, index) => describe(inner, path + '[' + index + ']', depth + 1)) };
    if (depth < 16 && value && typeof value === 'object' && plain(value)) return { t: 'o', p: Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, describe(inner, path + '.' + key, depth + 1)])) };
    try {
      return { t: 'v', v: clone(value) };
    } catch (error) {
      // Electron would copy it; a silent null would pass for the preload's value.
      throw new Error('contextBridge.exposeInMainWorld: the tokenstorm chromium driver copies exposed values as JSON and cannot copy ' + path + ' (' + toPlainError(error).message + ')');
    }
  };

  const contextBridge = {
    exposeInMainWorld(key, api) {
      const shape = describe(api, key, 0);
      exposedAnswer = undefined;
      send('expose', { key, shape });
      if (exposedAnswer === undefined) throw new Error('contextBridge.exposeInMainWorld(' + JSON.stringify(key) + '): the tokenstorm chromium driver could not reach the main world of this window');
      if (exposedAnswer.error) throw new Error(exposedAnswer.error);
    },
    exposeInIsolatedWorld() { throw new Error('exposeInIsolatedWorld is not supported by the tokenstorm chromium driver'); },
  };
  window.addEventListener(EVENT + '-exposed', (event) => { event.stopImmediatePropagation(); exposedAnswer = JSON.parse(event.detail); }, true);

  const encodeResult = (value) => {
    if (typeof value === 'function') return { __tsFunction: proxied(value) };
    if (value && typeof value.then === 'function') {
      const id = nextId++;
      value.then((settled) => send('settle', { id, ok: true, value: clone(settled) }), (error) => send('settle', { id, ok: false, value: toPlainError(error) }));
      return { __tsPromise: id };
    }
    return clone(value);
  };

  window.addEventListener(EVENT + '-call', (event) => {
    event.stopImmediatePropagation();
    const { fn, args } = JSON.parse(event.detail);
    const decoded = args.map((arg) => arg && arg.__tsCallback ? (...values) => send('callback', { id: arg.__tsCallback, args: clone(values) }) : arg);
    let value;
    try {
      value = encodeResult(functions.get(fn)(...decoded));
    } catch (error) {
      value = { __tsError: toPlainError(error) };
    }
    send('answer', { value });
  }, true);

  const electron = { contextBridge, ipcRenderer, webFrame: { setZoomFactor() {}, getZoomFactor: () => 1 } };
  globalThis[${JSON.stringify(names.preload)}] = { sandbox: ${SANDBOX_SOURCE}(electron, ${sandboxOptionsSource(sandbox)}), failed: (line, stack) => binding(JSON.stringify({ kind: 'preload-error', line, stack })) };
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
