/**
 * The recipe's token service (section 3.1): the only renderer code that calls
 * `window.secureStorage`. Tokens pass through memory only; nothing here (or
 * anywhere in the renderer) writes them to localStorage, sessionStorage,
 * IndexedDB or cookies. `tokenStore` adapts it to the auth core's TokenStore port.
 */
import type { TokenStore } from '../../../core/index.ts';

export async function isSecureStorageAvailable(): Promise<boolean> {
  return await window.secureStorage.isAvailable();
}

export async function getAccessToken(): Promise<string | null> {
  const result = await window.secureStorage.getToken('accessToken');
  if (!result.success) {
    console.error('Failed to get access token:', result.error);
    return null;
  }
  return result.data || null;
}

export async function getRefreshToken(): Promise<string | null> {
  const result = await window.secureStorage.getToken('refreshToken');
  if (!result.success) {
    console.error('Failed to get refresh token:', result.error);
    return null;
  }
  return result.data || null;
}

export async function setTokens(accessToken: string, refreshToken: string): Promise<{ success: boolean; error?: string }> {
  const accessResult = await window.secureStorage.setToken('accessToken', accessToken);
  if (!accessResult.success) return { success: false, error: accessResult.error };
  const refreshResult = await window.secureStorage.setToken('refreshToken', refreshToken);
  if (!refreshResult.success) return { success: false, error: refreshResult.error };
  return { success: true };
}

export async function clearTokens(): Promise<{ success: boolean; error?: string }> {
  const result = await window.secureStorage.clearAll();
  return result.success ? { success: true } : { success: false, error: result.error };
}

export const tokenStore: TokenStore = {
  get: (key) => (key === 'accessToken' ? getAccessToken() : getRefreshToken()),
  set: async ({ accessToken, refreshToken }) => {
    const result = await setTokens(accessToken, refreshToken);
    // Recipe, signIn: "Failed to store tokens" is an error, never a reason to keep them elsewhere.
    if (!result.success) throw new Error(`Failed to store tokens: ${result.error ?? 'unknown error'}`);
  },
  clear: async () => {
    await clearTokens();
  },
};
