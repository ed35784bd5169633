/// <reference types="vite/client" />
// Types of what the preload exposes come from the preload itself (`typeof` its API factories), not a hand-kept copy.
import type { SecureStorageApi, TokenstormApi } from '../../preload/api.ts';

declare global {
  interface Window {
    readonly secureStorage: SecureStorageApi;
    readonly tokenstorm: TokenstormApi;
  }
}

export {};
