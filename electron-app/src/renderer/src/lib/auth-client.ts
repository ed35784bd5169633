/**
 * The recipe's BetterAuth client (section 4.1): Bearer auth instead of cookies,
 * the access token attached to every BetterAuth call by the `fetchOptions.onRequest`
 * hook. Its fetch is the renderer's IdP fetch (through main).
 */
import { createAuthClient } from 'better-auth/client';
import { usernameClient } from 'better-auth/client/plugins';
import { idpFetch } from '../services/idp-fetch.ts';
import { getAccessToken } from '../services/token-service.ts';

export function createBetterAuthClient(baseURL: string) {
  return createAuthClient({
    baseURL,
    plugins: [usernameClient()],
    fetchOptions: {
      customFetchImpl: idpFetch,
      // KEY ELECTRON DIFFERENCE (recipe): inject the token manually, cookies do not work.
      onRequest: async (context) => {
        const accessToken = await getAccessToken();
        if (accessToken) context.headers.set('Authorization', `Bearer ${accessToken}`);
      },
    },
  });
}

export type BetterAuthClient = ReturnType<typeof createBetterAuthClient>;
