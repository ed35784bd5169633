/**
 * Values that cross from main to the driver go by structured clone (Node's
 * `advanced` IPC serialisation). What cannot be cloned is answered as Electron
 * and Playwright answer it, never left to hang the caller.
 */
import { NOT_CLONABLE } from '../host-protocol.ts';

export function isCloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

/** Electron's `ipcMain.handle` reply: a result that cannot be cloned fails the invoke with "An object could not be cloned.". */
export function assertCloneable(value: unknown): void {
  if (!isCloneable(value)) throw new Error(NOT_CLONABLE);
}

const isPlainObject = (value: object) => [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null);

/** Functions and symbols in arrays and plain objects become undefined, as Playwright's serialiser makes them; cycles are kept. */
function dropFunctions(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value !== 'object' || value === null || !(Array.isArray(value) || isPlainObject(value))) return value;
  if (seen.has(value)) return seen.get(value);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  seen.set(value, copy);
  for (const [key, inner] of Object.entries(value)) (copy as Record<string, unknown>)[key] = dropFunctions(inner, seen);
  return copy;
}

/**
 * What `evaluateMain` resolves to, by Playwright's `ElectronApplication.evaluate`
 * contract ("a non-serializable value resolves to undefined"): functions inside
 * arrays and plain objects become undefined, the rest is kept; a value that still
 * cannot be cloned (a function, a BrowserWindow, an object holding listeners) is
 * undefined as a whole.
 */
export function evaluateResult(value: unknown): unknown {
  const result = dropFunctions(value, new Map());
  return isCloneable(result) ? result : undefined;
}
