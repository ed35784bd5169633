/**
 * OpenID Connect Discovery 1.0 / RFC 8414: the OAuth endpoints are read from
 * `/.well-known/openid-configuration`, never hard-coded. A successful answer is
 * cached for the life of the app; a failed one is retried on the next use.
 */
import type { FetchLike } from '../../core/index.ts';
import { ClientError } from '../../shared/client-errors.ts';

export interface OAuthMetadata {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  deviceAuthorizationEndpoint: string | null;
  revocationEndpoint: string | null;
  userinfoEndpoint: string | null;
  scopesSupported: string[] | null;
}

export interface Discovery {
  metadata(): Promise<OAuthMetadata>;
}

export function createDiscovery(idpUrl: string, fetch: FetchLike): Discovery {
  let cached: Promise<OAuthMetadata> | null = null;
  return {
    metadata() {
      cached ??= load(idpUrl, fetch).catch((error: unknown) => {
        cached = null;
        throw error;
      });
      return cached;
    },
  };
}

async function load(idpUrl: string, fetch: FetchLike): Promise<OAuthMetadata> {
  const url = `${idpUrl}/.well-known/openid-configuration`;
  let body: unknown;
  try {
    const response = await fetch(url, { method: 'GET', headers: { accept: 'application/json' } });
    if (response.status !== 200) throw new ClientError('DISCOVERY_FAILED', `${url} answered ${response.status}`);
    body = await response.json();
  } catch (error) {
    if (error instanceof ClientError) throw error;
    throw new ClientError('DISCOVERY_FAILED', `${url} could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return parseMetadata(body, url);
}

export function parseMetadata(body: unknown, source: string): OAuthMetadata {
  const doc = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const required = (name: string): string => {
    const value = doc[name];
    if (typeof value !== 'string' || value === '') throw new ClientError('DISCOVERY_FAILED', `${source}: ${name} is missing`);
    return value;
  };
  const optional = (name: string): string | null => (typeof doc[name] === 'string' && doc[name] !== '' ? (doc[name] as string) : null);
  const scopes = doc['scopes_supported'];
  return {
    issuer: required('issuer'),
    authorizationEndpoint: required('authorization_endpoint'),
    tokenEndpoint: required('token_endpoint'),
    deviceAuthorizationEndpoint: optional('device_authorization_endpoint'),
    revocationEndpoint: optional('revocation_endpoint'),
    userinfoEndpoint: optional('userinfo_endpoint'),
    scopesSupported: Array.isArray(scopes) && scopes.every((s) => typeof s === 'string') ? (scopes as string[]) : null,
  };
}
