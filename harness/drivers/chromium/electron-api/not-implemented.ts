/**
 * Electron API the chromium driver does not implement fails with an error that
 * names it, rather than a TypeError about `undefined` further on: whole modules
 * (`session`, `Tray`, …) and members missing from the ones it implements
 * (`app.getAppPath`, `win.setMenu`, `webContents.session`, …).
 */

export function notImplementedError(api: string): Error {
  return new Error(`electron API ${api} is not implemented by the tokenstorm chromium driver (electron-app/ELECTRON_API.md lists what it implements)`);
}

/** What code reads on any value to probe it (await, JSON, inspection, test matchers): undefined, never an error. */
const PROBES = new Set(['then', 'toJSON', 'inspect', 'asymmetricMatch', '$$typeof', 'nodeType', '@@__IMMUTABLE_ITERABLE__@@']);
/** Members Electron itself leaves undefined on Linux, which apps test for (`app.dock?.hide()`). */
const ABSENT_ON_LINUX = new Set(['dock']);

/** A module or class the driver does not implement: reading, calling or constructing it throws. */
export function unimplementedApi(name: string): object {
  const fail = (): never => {
    throw notImplementedError(name);
  };
  // A function target, so `new Tray()` and `session()` fail the same way as `session.defaultSession`.
  return new Proxy(function unimplemented() {}, {
    get: (_target, key) => (typeof key === 'string' && !PROBES.has(key) ? fail() : undefined),
    apply: fail,
    construct: fail,
  });
}

/**
 * `target` as it is, except that reading a member it lacks throws, naming it
 * `${name}.${member}`. Internals (`_events`, symbols) and probes read as usual.
 */
export function withUnimplementedMembers<T extends object>(target: T, name: string): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === 'string' && !(key in object) && !key.startsWith('_') && !PROBES.has(key) && !ABSENT_ON_LINUX.has(key)) throw notImplementedError(`${name}.${key}`);
      return Reflect.get(object, key, receiver) as unknown;
    },
  });
}
