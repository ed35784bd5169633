/** Shared by the mock IdP's tests: a started IdP with one user, and small HTTP helpers. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createMockIdp, type MockIdp, type MockIdpOptions } from './index.ts';

export const DEMO = { email: 'ada@example.test', password: 'correct-horse', name: 'Ada', username: 'ada' };

/** One IdP per test file, reset before each test (Playwright's server-fixture habit). */
export function useIdp(options: MockIdpOptions = {}): { readonly idp: MockIdp } {
  const holder = {} as { idp: MockIdp };
  beforeAll(async () => {
    holder.idp = await createMockIdp({ users: [DEMO], ...options });
  });
  beforeEach(async () => {
    await holder.idp.admin.reset();
  });
  afterAll(async () => {
    await holder.idp?.close();
  });
  return holder;
}

export interface Json {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export async function call(idp: MockIdp, method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<Json> {
  const response = await fetch(`${idp.url}${path}`, {
    method,
    headers: {
      origin: idp.url,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

/** Signs the demo user in; the session token is the first access and refresh token (the recipe). */
export async function signIn(idp: MockIdp, headers: Record<string, string> = {}): Promise<string> {
  const response = await call(idp, 'POST', '/api/auth/sign-in/email', { body: { email: DEMO.email, password: DEMO.password }, headers });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.token as string;
}

export async function refresh(idp: MockIdp, refreshToken: string): Promise<Json> {
  return call(idp, 'POST', '/api/auth/refresh', { body: { refreshToken } });
}
