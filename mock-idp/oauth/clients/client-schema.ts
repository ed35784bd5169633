/**
 * OAuth client configuration (`clients:` in the IdP config): who may ask for
 * tokens, how it authenticates, where it may be redirected, which grants and
 * scopes it may use. The defaults are a public desktop client and a
 * confidential backend (resource server) client.
 */
import { z } from 'zod';
import { SCOPE_TOKEN } from '../scopes.ts';
import { signingAlgorithmSchema } from '../../tokens/signing-keys.ts';

/** Grant names in config, and the `grant_type` values they stand for at the token endpoint. */
export const GRANT_TYPES = {
  authorization_code: 'authorization_code',
  refresh_token: 'refresh_token',
  device_code: 'urn:ietf:params:oauth:grant-type:device_code',
  client_credentials: 'client_credentials',
} as const;

export type GrantName = keyof typeof GRANT_TYPES;

const grantName = z.enum(Object.keys(GRANT_TYPES) as [GrantName, ...GrantName[]]);

const redirectUri = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.hash === '' && !value.includes('#');
  } catch {
    return false;
  }
}, 'expected an absolute URI without a fragment (RFC 6749 §3.1.2), e.g. "http://127.0.0.1/callback" or "tokenstorm://callback"');

export const oauthClientSchema = z.object({
  /** client_id: visible ASCII (RFC 6749 Appendix A.1). */
  id: z.string().regex(/^[\x20-\x7e]{1,128}$/, 'expected 1-128 visible ASCII characters'),
  /** Shown on the consent line of the login page. */
  name: z.string().min(1).max(100).optional(),
  /** Public clients (desktop, CLI) hold no secret; confidential clients authenticate with one. */
  type: z.enum(['public', 'confidential']).default('public'),
  secret: z.string().min(8, 'expected a secret of at least 8 characters').optional(),
  /** Loopback `http://127.0.0.1/…` and `http://[::1]/…` URIs match any port (RFC 8252 §7.3); others match exactly. */
  redirectUris: z.array(redirectUri).default([]),
  grants: z.array(grantName).min(1).default(['authorization_code', 'refresh_token']),
  /** Scopes the client may ask for; a request for anything else is `invalid_scope`. */
  scopes: z.array(z.string().regex(SCOPE_TOKEN, 'expected a scope token (RFC 6749 §3.3)')).default(['openid', 'profile', 'email', 'offline_access']),
  /** PKCE `plain` is refused unless this is set (RFC 7636 §4.2, RFC 9700 §2.1.1). */
  allowPlainPkce: z.boolean().default(false),
  /** RFC 9449 §5.2 `dpop_bound_access_tokens`: every token request must carry a DPoP proof. */
  dpopBoundAccessTokens: z.boolean().default(false),
  /**
   * `required`: the client authenticates token requests with a client attestation of its app instance
   * (`attest_jwt_client_auth`), which runs out and must be renewed at the attester (`attestation.ttl`).
   */
  attestation: z.enum(['off', 'required']).default('off'),
  /**
   * OIDC Registration's `id_token_signed_response_alg`: what this client's ID tokens are signed with (a key of
   * it is made and published when first needed); the IdP's current signing key's algorithm when not set.
   */
  idTokenSignedResponseAlg: signingAlgorithmSchema.optional(),
}).strict().superRefine((client, ctx) => {
  if (client.type === 'confidential' && !client.secret) ctx.addIssue({ code: 'custom', path: ['secret'], message: 'a confidential client needs a secret' });
  if (client.type === 'public' && client.secret) ctx.addIssue({ code: 'custom', path: ['secret'], message: 'a public client cannot keep a secret: remove it or make the client confidential' });
  if (client.type === 'public' && client.grants.includes('client_credentials')) {
    ctx.addIssue({ code: 'custom', path: ['grants'], message: 'client_credentials needs a confidential client (RFC 6749 §4.4)' });
  }
  if (client.grants.includes('authorization_code') && client.redirectUris.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['redirectUris'], message: 'the authorization_code grant needs at least one redirect URI' });
  }
});

export type OAuthClientInput = z.input<typeof oauthClientSchema>;
export type OAuthClient = z.output<typeof oauthClientSchema>;

export const DEFAULT_CLIENTS: OAuthClientInput[] = [
  {
    id: 'tokenstorm-desktop',
    name: 'tokenstorm desktop',
    type: 'public',
    redirectUris: ['http://127.0.0.1/callback', 'http://[::1]/callback', 'tokenstorm://callback'],
    grants: ['authorization_code', 'refresh_token', 'device_code'],
    scopes: ['openid', 'profile', 'email', 'offline_access', 'notes:read', 'notes:write', 'llm:invoke'],
  },
  {
    id: 'tokenstorm-backend',
    name: 'tokenstorm backend',
    type: 'confidential',
    secret: 'tokenstorm-backend-secret',
    grants: ['client_credentials'],
    scopes: ['notes:read'],
  },
];

export const clientsSchema = z.array(oauthClientSchema).superRefine((clients, ctx) => {
  const seen = new Set<string>();
  clients.forEach((client, index) => {
    if (seen.has(client.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate client id "${client.id}"` });
    seen.add(client.id);
  });
});
