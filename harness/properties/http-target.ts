/**
 * An IdP target over real HTTP: any server with the recipe's contract (the
 * tokenstorm mock IdP in-process, or a team's own staging IdP). Each run signs
 * in a fresh session; scheduled faults are applied on the client side of the
 * wire, before the request leaves, so they never consume a refresh token.
 */
import { FaultPlan, NO_FAULTS } from './faults.ts';
import type { IdpSession, IdpTarget } from './types.ts';
import type { WireOutcome, WireRequest } from './wire-types.ts';

export interface HttpIdpTargetOptions {
  readonly url: string;
  /** A user whose password sign-in (`POST /api/auth/sign-in/email`) opens each run's session. */
  readonly user: { readonly email: string; readonly password: string };
  /** `Origin` for sign-in (better-auth rejects state-changing requests without a trusted one); default: the IdP's URL. */
  readonly origin?: string;
  /** Makes every access token issued so far expired (e.g. the mock IdP's `admin.expire()`). */
  expireAccessTokens(): Promise<unknown> | unknown;
  /** Keeps the IdP's clock in step with the client's virtual clock (e.g. `admin.clock.advance`). Must take effect synchronously. */
  advanceClock?(ms: number): unknown;
  readonly accessTtlMs?: number;
  readonly fetch?: typeof globalThis.fetch;
}

export function httpIdpTarget(options: HttpIdpTargetOptions): IdpTarget {
  const url = options.url.replace(/\/$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch;
  return {
    name: `HTTP IdP at ${url}`,
    open(clock, faults): IdpSession {
      let plan = new FaultPlan(faults);
      if (options.advanceClock) clock.onAdvance((delta) => void options.advanceClock?.(delta));
      return {
        baseUrl: url,
        accessTtlMs: options.accessTtlMs ?? 15 * 60_000,
        transport: (request) => plan.take(request)?.outcome ?? send(fetchImpl, url, request),
        async seedSession() {
          const response = await fetchImpl(`${url}/api/auth/sign-in/email`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: options.origin ?? url },
            body: JSON.stringify(options.user),
          });
          const body = (await response.json().catch(() => null)) as { token?: unknown } | null;
          if (response.status !== 200 || typeof body?.token !== 'string') throw new Error(`sign-in at ${url} failed with status ${response.status}`);
          return { accessToken: body.token, refreshToken: body.token };
        },
        async expireAccessTokens() {
          await options.expireAccessTokens();
        },
        heal() {
          plan = new FaultPlan(NO_FAULTS);
        },
      };
    },
  };
}

async function send(fetchImpl: typeof globalThis.fetch, url: string, request: WireRequest): Promise<WireOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(`${url}${request.path}`, { method: request.method, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }) });
  } catch {
    return { kind: 'network-error' };
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = text;
  }
  return { kind: 'response', status: response.status, headers, body };
}
