/**
 * Redirect URI matching for native apps: a loopback redirect (`http://127.0.0.1`
 * or `http://[::1]`) matches on any port, because the app picks a free port at
 * run time (RFC 8252 §7.3); every other URI, private-use schemes included
 * (RFC 8252 §7.1), must match the registered one exactly (RFC 9700 §4.1.3).
 */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

function parse(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}

export function isLoopbackUri(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

function sameExceptPort(registered: URL, presented: URL): boolean {
  return registered.protocol === presented.protocol
    && registered.hostname === presented.hostname
    && registered.pathname === presented.pathname
    && registered.search === presented.search
    && registered.username === '' && presented.username === '' && presented.password === '';
}

/** Whether `presented` is one of `registered`, under the rules above. */
export function redirectUriMatches(registered: readonly string[], presented: string): boolean {
  const url = parse(presented);
  if (!url || presented.includes('#')) return false;
  return registered.some((candidate) => {
    if (candidate === presented) return true;
    const registeredUrl = parse(candidate);
    return registeredUrl !== undefined && isLoopbackUri(registeredUrl) && isLoopbackUri(url) && sameExceptPort(registeredUrl, url);
  });
}
