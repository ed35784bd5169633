/**
 * The main process's network switch. Playwright's offline mode reaches only
 * the renderer; the main process's own `fetch` goes offline here, failing the
 * way Node's fetch fails when the network is down.
 */
let offline = false;
const realFetch = globalThis.fetch;

function networkDown(): TypeError {
  const cause = Object.assign(new Error('connect ENETUNREACH (tokenstorm: main process offline)'), { code: 'ENETUNREACH', syscall: 'connect' });
  return new TypeError('fetch failed', { cause });
}

export function setMainProcessOffline(value: boolean): void {
  offline = value;
}

export function isMainProcessOffline(): boolean {
  return offline;
}

export const offlineAwareFetch: typeof fetch = (input, init) => (offline ? Promise.reject(networkDown()) : realFetch(input, init));

globalThis.fetch = offlineAwareFetch;

/** Electron's `net.fetch`, backed by the same switch. */
export const net = {
  fetch: offlineAwareFetch,
  isOnline: () => !offline,
  get online() {
    return !offline;
  },
};
