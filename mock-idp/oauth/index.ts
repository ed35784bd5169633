export { registerOAuthRoutes } from './register-oauth-routes.ts';
export { createOAuthState, type OAuthState } from './oauth-state.ts';
export { DEFAULT_CLIENTS, GRANT_TYPES, type GrantName, type OAuthClient, type OAuthClientInput } from './clients/client-schema.ts';
export { createDpopVerifier, type DpopVerifier } from './dpop/dpop-proofs.ts';
export { createClientAttestations, type ClientAttestations } from './attestation/client-attestation.ts';
export { registerAttesterRoute } from './attestation/attester-route.ts';
