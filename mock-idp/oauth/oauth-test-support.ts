/** Shared by the OAuth tests: form posts, PKCE pairs, and driving the login and device pages over plain HTTP. */
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { MockIdp } from '../index.ts';
import { DEMO, type Json } from '../test-support.ts';

export const DESKTOP = 'tokenstorm-desktop';
export const BACKEND = { id: 'tokenstorm-backend', secret: 'tokenstorm-backend-secret' };
export const LOOPBACK = 'http://127.0.0.1:53682/callback';

export interface FormOptions {
  basic?: [id: string, secret: string];
  headers?: Record<string, string>;
}

/** POSTs `application/x-www-form-urlencoded`, as RFC 6749 §3.2 requires. */
export async function form(idp: MockIdp, path: string, params: Record<string, string | string[]>, options: FormOptions = {}): Promise<Json> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  const basic: Record<string, string> = options.basic ? { authorization: `Basic ${Buffer.from(options.basic.map(encodeURIComponent).join(':')).toString('base64')}` } : {};
  const response = await fetch(`${idp.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic, ...options.headers },
    body,
    redirect: 'manual',
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { html: text };
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface PageResponse {
  status: number;
  html: string;
  location: URL | undefined;
  txn: string | undefined;
  oauthError: string | undefined;
  headers: Headers;
}

async function page(response: Response): Promise<PageResponse> {
  const html = await response.text();
  const location = response.headers.get('location');
  return {
    status: response.status,
    html,
    headers: response.headers,
    location: location ? new URL(location) : undefined,
    txn: /name="txn" value="([^"]+)"/.exec(html)?.[1],
    oauthError: /data-oauth-error="([^"]+)"/.exec(html)?.[1],
  };
}

export async function getAuthorize(idp: MockIdp, params: Record<string, string>): Promise<PageResponse> {
  return page(await fetch(`${idp.url}/oauth/authorize?${new URLSearchParams(params)}`, { redirect: 'manual' }));
}

export async function postPage(idp: MockIdp, path: string, params: Record<string, string>): Promise<PageResponse> {
  return page(await fetch(`${idp.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
    redirect: 'manual',
  }));
}

export function authorizeParams(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const merged: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: DESKTOP,
    redirect_uri: LOOPBACK,
    scope: 'openid profile email notes:read',
    state: 'state-123',
    code_challenge_method: 'S256',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** Shows the login page, signs the demo user in, and returns where the browser was sent. */
export async function signInThroughPage(idp: MockIdp, params: Record<string, string>, credentials = { email: DEMO.email, password: DEMO.password }): Promise<URL> {
  const shown = await getAuthorize(idp, params);
  expect(shown.status, shown.html).toBe(200);
  const posted = await postPage(idp, '/oauth/authorize', { txn: shown.txn!, ...credentials, action: 'approve' });
  expect(posted.status, posted.html).toBe(303);
  return posted.location!;
}

/** Authorization code + PKCE through the login page; answers the token response. */
export async function codeFlow(idp: MockIdp, overrides: Record<string, string | undefined> = {}): Promise<{ tokens: Json; verifier: string; code: string }> {
  const { verifier, challenge } = pkcePair();
  const params = authorizeParams({ code_challenge: challenge, ...overrides });
  const location = await signInThroughPage(idp, params);
  const code = location.searchParams.get('code')!;
  const tokens = await form(idp, '/oauth/token', {
    grant_type: 'authorization_code', code, redirect_uri: params.redirect_uri!, client_id: params.client_id!, code_verifier: verifier,
  });
  return { tokens, verifier, code };
}

export async function startDeviceFlow(idp: MockIdp, params: Record<string, string> = { client_id: DESKTOP, scope: 'openid notes:read' }): Promise<Json> {
  const response = await form(idp, '/oauth/device_authorization', params);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response;
}

export async function decideDevice(idp: MockIdp, userCode: string, action: 'approve' | 'deny', credentials = { email: DEMO.email, password: DEMO.password }): Promise<PageResponse> {
  return postPage(idp, '/oauth/device', { user_code: userCode, ...credentials, action });
}

export function pollDevice(idp: MockIdp, deviceCode: string, clientId = DESKTOP): Promise<Json> {
  return form(idp, '/oauth/token', { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode, client_id: clientId });
}

/** A code from the login page, then its redemption with these headers. */
export async function redeemCodeWith(idp: MockIdp, headers: () => Promise<Record<string, string>>, clientId = DESKTOP, extra: Record<string, string> = {}): Promise<Json & { redeem: () => Promise<Json> }> {
  const { verifier, challenge } = pkcePair();
  const params = authorizeParams({ client_id: clientId, code_challenge: challenge, scope: 'openid notes:read', ...extra });
  const code = (await signInThroughPage(idp, params)).searchParams.get('code')!;
  const redeem = async () => form(idp, '/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: params.redirect_uri!, client_id: clientId, code_verifier: verifier }, { headers: await headers() });
  return { ...(await redeem()), redeem };
}
