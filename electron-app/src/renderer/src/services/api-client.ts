/**
 * The recipe's api client (section 6): `authenticatedFetch` for every protected
 * call. It is the auth core's (single-flight refresh on 401, retry once with the
 * current token, session expiry surfaced, not a force-logout), bound to this window.
 */
import type { AuthenticatedFetch } from '../../../core/index.ts';
import { clientServices } from './client-services.ts';

export const authenticatedFetch: AuthenticatedFetch = (path, init) => clientServices().client.authenticatedFetch(path, init);
