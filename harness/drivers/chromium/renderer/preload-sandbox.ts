/**
 * What a sandboxed preload runs with, as Electron's sandbox gives it: `require`
 * for `electron`, `events`, `timers` and `url` only, a `process` subset, and
 * `global` (no `Buffer`: a page has none to give). JavaScript source, evaluated
 * in the window's isolated world (bridge-scripts.ts).
 */

/** `process` as a sandboxed preload sees it (an EventEmitter, as Electron's, emitting `loaded` once the preload has run). */
const PRELOAD_PROCESS = { platform: 'linux', type: 'renderer', env: {}, argv: [], sandboxed: true, contextIsolated: true };

/** What the window's preload gets beyond what every sandboxed preload gets. */
export interface SandboxOptions {
  /** `process.versions`: the Electron the driver emulates and the Chromium it runs. */
  versions: Record<string, string>;
  /** The window asked for `sandbox: false`: a preload given no Node must hear why when it reaches for it. */
  unsandboxedRequested: boolean;
}

/** What `require` of a module Electron's sandbox does not give says after "module not found: <name>", for a window that asked for `sandbox: false`. */
export const SANDBOX_FALSE_REFUSAL = ' — the tokenstorm chromium driver runs every preload sandboxed (sandbox: false is not supported): require gives electron, events, timers and url';

/** The second argument of SANDBOX_SOURCE. */
export function sandboxOptionsSource(options: SandboxOptions): string {
  return JSON.stringify({ versions: options.versions, refusal: options.unsandboxedRequested ? SANDBOX_FALSE_REFUSAL : '' });
}

/**
 * `(electron, options) => sandbox`, the sandbox `{ require, process }`,
 * `options` what sandboxOptionsSource gives. Timers and `URL` come from the
 * scope it is evaluated in (the page's). `events` is a small EventEmitter with
 * Node's API (Electron bundles Node's own).
 */
export const SANDBOX_SOURCE = `(function preloadSandbox(electron, options) {
  function EventEmitter() { EventEmitter.init.call(this); }
  const own = (emitter) => (Object.prototype.hasOwnProperty.call(emitter, '_events') && emitter._events) || (emitter._events = Object.create(null));
  EventEmitter.init = function () { own(this); };
  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.defaultMaxListeners = 10;
  EventEmitter.once = (emitter, name) => new Promise((resolve, reject) => {
    const onError = (error) => { emitter.removeListener(name, onValue); reject(error); };
    const onValue = (...args) => { emitter.removeListener('error', onError); resolve(args); };
    emitter.once(name, onValue);
    if (name !== 'error') emitter.once('error', onError);
  });
  const add = (emitter, name, listener, prepend) => {
    if (typeof listener !== 'function') throw new TypeError('The "listener" argument must be of type function. Received type ' + typeof listener);
    const table = own(emitter);
    if (table.newListener) emitter.emit('newListener', name, listener.listener || listener);
    const list = table[name] || (table[name] = []);
    if (prepend) list.unshift(listener); else list.push(listener);
    return emitter;
  };
  const onceWrapper = (emitter, name, listener) => {
    const wrapped = function (...args) { emitter.removeListener(name, wrapped); return listener.apply(this, args); };
    wrapped.listener = listener;
    return wrapped;
  };
  Object.assign(EventEmitter.prototype, {
    on(name, listener) { return add(this, name, listener, false); },
    addListener(name, listener) { return add(this, name, listener, false); },
    prependListener(name, listener) { return add(this, name, listener, true); },
    once(name, listener) { return add(this, name, onceWrapper(this, name, listener), false); },
    prependOnceListener(name, listener) { return add(this, name, onceWrapper(this, name, listener), true); },
    removeListener(name, listener) {
      const table = own(this), list = table[name];
      const at = list ? list.findLastIndex((entry) => entry === listener || entry.listener === listener) : -1;
      if (at === -1) return this;
      list.splice(at, 1);
      if (list.length === 0) delete table[name];
      if (table.removeListener) this.emit('removeListener', name, listener);
      return this;
    },
    off(name, listener) { return this.removeListener(name, listener); },
    removeAllListeners(name) { if (name === undefined) this._events = Object.create(null); else delete own(this)[name]; return this; },
    emit(name, ...args) {
      const list = own(this)[name];
      if (!list) {
        if (name === 'error') throw args[0] instanceof Error ? args[0] : new Error('Unhandled error. (' + args[0] + ')');
        return false;
      }
      for (const listener of [...list]) listener.apply(this, args);
      return true;
    },
    listeners(name) { return (own(this)[name] || []).map((entry) => entry.listener || entry); },
    rawListeners(name) { return [...(own(this)[name] || [])]; },
    listenerCount(name) { return (own(this)[name] || []).length; },
    eventNames() { return Reflect.ownKeys(own(this)); },
    setMaxListeners(count) { this._maxListeners = count; return this; },
    getMaxListeners() { return this._maxListeners === undefined ? EventEmitter.defaultMaxListeners : this._maxListeners; },
  });

  const setImmediate = (callback, ...args) => setTimeout(callback, 0, ...args);
  const clearImmediate = (id) => clearTimeout(id);
  const timers = { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate };
  const url = { URL, URLSearchParams };
  const modules = new Map([
    ['electron', electron], ['electron/common', electron], ['electron/renderer', electron],
    ['events', EventEmitter], ['node:events', EventEmitter],
    ['timers', timers], ['node:timers', timers],
    ['url', url], ['node:url', url],
  ]);
  const require = (name) => {
    if (modules.has(name)) return modules.get(name);
    throw new Error('module not found: ' + name + options.refusal);
  };
  const process = Object.assign(new EventEmitter(), ${JSON.stringify(PRELOAD_PROCESS)}, { versions: Object.freeze(options.versions) });
  return { require, process };
})`;

/**
 * A function expression `(sandbox) => void`, `sandbox` what SANDBOX_SOURCE
 * made: runs the preload with the parameters Electron's sandbox wraps it in,
 * then emits `process` `loaded`. The preload starts on the first line, so the
 * line numbers in its stack traces are its own.
 */
export function preloadRunner(source: string): string {
  return `(function runPreload(sandbox) { const module = { exports: {} }; (function (require, process, exports, module, global) {${source}\n})(sandbox.require, sandbox.process, module.exports, module, globalThis); sandbox.process.emit('loaded'); })`;
}

/** What Electron writes to the window's console when a preload fails. */
export function preloadFailureLine(path: string): string {
  return `Unable to load preload script: ${path}`;
}
