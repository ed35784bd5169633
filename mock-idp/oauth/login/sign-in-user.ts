/**
 * Signs a person in from the login or device page: a real better-auth sign-in
 * (server-side, by email or username), whose new session starts a refresh-token
 * family, handed to the OAuth client with the granted scope. The session token
 * (generation 0) never leaves the IdP; clients get the tokens of a rotation.
 */
import { isAPIError } from 'better-auth/api';
import { callBetterAuth } from '../../auth/better-auth-calls.ts';
import { IdpError } from '../../errors.ts';
import { CLIENT_HEADER } from '../../http/request-context.ts';
import type { IdpRuntime } from '../../runtime.ts';
import type { Family } from '../../tokens/family-store.ts';
import type { OAuthParams } from '../params.ts';

export interface SignedIn {
  family: Family;
  userId: string;
  authTime: number;
}

export async function signInUser(rt: IdpRuntime, input: { login: string; password: string; clientId: string; scope: string }): Promise<SignedIn> {
  const headers = new Headers({ [CLIENT_HEADER]: input.clientId, origin: rt.url() });
  const api = rt.auth().api;
  let token: string | undefined;
  try {
    const result = await callBetterAuth(() =>
      input.login.includes('@')
        ? api.signInEmail({ body: { email: input.login, password: input.password }, headers })
        : api.signInUsername({ body: { username: input.login, password: input.password }, headers }));
    token = result?.token;
  } catch (error) {
    // better-auth answers a wrong password, an unknown user or a malformed email with an APIError.
    if (isAPIError(error)) throw new IdpError('LOGIN_FAILED', 'wrong email, username or password');
    throw error;
  }
  const found = token === undefined ? undefined : rt.store.findByToken(token);
  if (!found) throw new IdpError('LOGIN_FAILED', 'the sign-in did not start a session');
  const family = rt.store.assign(found.family.id, { clientId: input.clientId, scope: input.scope })!;
  return { family, userId: family.userId, authTime: rt.clock.now() };
}

/**
 * Signs in with a page form's `email` and `password`. The caller claimed what the page
 * decides (a login transaction, a device code) before this first await, so a concurrent
 * submission of the same page is refused instead of signing in again; a failed sign-in
 * gives the claim back, and the person may submit the page again.
 */
export async function signInFromPage(rt: IdpRuntime, params: OAuthParams, grant: { clientId: string; scope: string }, release: () => void): Promise<SignedIn> {
  try {
    const login = params.get('email');
    const password = params.get('password');
    if (login === undefined || password === undefined) throw new IdpError('LOGIN_FAILED', 'email and password are required');
    return await signInUser(rt, { login, password, clientId: grant.clientId, scope: grant.scope });
  } catch (error) {
    release();
    throw error;
  }
}
