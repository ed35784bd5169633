/**
 * Where the client's tokens may go: the IdP's API at `baseUrl`, and nowhere
 * else. A Bearer sent to another origin is a leak, and that origin's 401 would
 * make the client rotate its tokens for nothing.
 */

/** The base URL without trailing slashes, so that `${base}${path}` has exactly one. */
export function trimBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** The URL a path (`/api/notes`) or an absolute URL on the base's own origin stands for; a TypeError for anything else. */
export function apiUrl(base: string, path: string): string {
  if (/^[a-z][a-z\d+.-]*:/i.test(path)) {
    if (new URL(path).origin !== new URL(base).origin) throw new TypeError(`authenticatedFetch: ${new URL(path).origin} is not the IdP's API (${new URL(base).origin}); tokens are sent there only`);
    return path;
  }
  if (!path.startsWith('/')) throw new TypeError(`authenticatedFetch: expected a path starting with "/" such as "/api/notes", got "${path}"`);
  return `${base}${path}`;
}
