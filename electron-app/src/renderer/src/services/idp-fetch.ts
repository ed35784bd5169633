/**
 * The renderer's `fetch` to the IdP. It goes through main (`idp:request`; see
 * main/idp-transport.ts for why) but behaves like fetch: a real `Response`, a
 * rejection for a network error — including while the window is offline, as
 * the browser's own fetch does — and usable by both the auth core (FetchLike)
 * and the BetterAuth client (`customFetchImpl`).
 */
import type { IdpMethod } from '../../../shared/ipc-contract.ts';
import { api, rebuildError } from './bridge.ts';

const FORWARDED_HEADERS = new Set(['authorization', 'content-type', 'accept']);
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

let idpOrigin: string | null = null;

/** Set once at startup from the app config: the only origin this fetch reaches. */
export function configureIdpFetch(idpUrl: string): void {
  idpOrigin = new URL(idpUrl).origin;
}

export async function idpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  if (!navigator.onLine) throw new TypeError('Failed to fetch');
  const url = new URL(input instanceof Request ? input.url : input.toString(), window.location.href);
  if (url.origin !== idpOrigin) throw new TypeError(`idpFetch only reaches the IdP (${idpOrigin ?? 'not configured'}), not ${url.origin}`);
  const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  if (method !== 'GET' && method !== 'POST') throw new TypeError(`idpFetch: unsupported method ${method}`);
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => {
    if (FORWARDED_HEADERS.has(name)) headers[name] = value;
  });
  const body = typeof init.body === 'string' ? init.body : undefined;
  const result = await api().idp.request({ method: method as IdpMethod, path: url.pathname + url.search, headers, ...(body === undefined ? {} : { body }) });
  if (!result.success) {
    if (result.code === 'IDP_UNREACHABLE') throw new TypeError('Failed to fetch');
    throw rebuildError(result);
  }
  const { status, headers: responseHeaders, body: responseBody } = result.data;
  return new Response(NULL_BODY_STATUSES.has(status) ? null : responseBody, { status, headers: responseHeaders });
}
