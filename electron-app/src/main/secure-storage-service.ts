/**
 * The recipe's secure storage service (section 1.1): safeStorage encrypts,
 * electron-store persists the base64 of the ciphertext. No electron-store
 * `encryptionKey` (the blobs are already encrypted), and no plaintext fallback:
 * when the OS cannot encrypt, nothing is stored and the error says why,
 * naming the Linux backend. Linux's `basic_text` backend counts as unavailable:
 * it encrypts with a hard-coded key, which is plaintext in all but name. Two
 * buggy variants put the recipe's warned-of mistakes back, for the harness to
 * catch: `plaintextFallback` and `memoryOnly` (core/variants.ts).
 */
import { safeStorage } from 'electron';
import ElectronStoreImport from 'electron-store';
import type { TokenKey, TokenPair } from '../core/index.ts';
import { ClientError, failed, ok, type IpcResult } from '../shared/client-errors.ts';
import { isTokenKey, TOKEN_KEYS, type SecureStorageStatus } from '../shared/ipc-contract.ts';

// Recipe, "electron-store default export": some bundlers wrap it.
const ElectronStore = (ElectronStoreImport as unknown as { default?: typeof ElectronStoreImport }).default ?? ElectronStoreImport;

type EncryptedBlobs = Partial<Record<TokenKey, string>>;

/** What the service needs of electron-store (the memory-only variant keeps the blobs in an object instead). */
interface BlobStore {
  get(key: TokenKey): string | undefined;
  set(blobs: EncryptedBlobs): void;
  delete(key: TokenKey): void;
  clear(): void;
}

/** The `memory-only-tokens` variant's store: safeStorage encrypts but does not persist, and nothing else does either. */
function memoryStore(): BlobStore {
  const blobs: EncryptedBlobs = {};
  return {
    get: (key) => blobs[key],
    set: (more) => void Object.assign(blobs, more),
    delete: (key) => void delete blobs[key],
    clear: () => {
      for (const key of TOKEN_KEYS) delete blobs[key];
    },
  };
}

/** A successful write; `by` is the window (`w1`, …) or `main`. */
export type TokenChange = { by: string } & ({ kind: 'stored'; key: TokenKey; value: string } | { kind: 'deleted'; key: TokenKey } | { kind: 'cleared' });

export interface SecureStorageOptions {
  /** Directory of `secure-tokens.json`; electron-store's default is `app.getPath('userData')`. */
  cwd?: string;
  platform?: NodeJS.Platform;
  /** Accept Linux's `basic_text` backend (hard-coded key). Off: a client under test must not pass with it. */
  allowBasicText?: boolean;
  /** Told after every successful write (main uses it for fingerprints, expiry and the event log). */
  onChange?: (change: TokenChange) => void;
  /**
   * The classic bug of the `plaintext-fallback` variant (switch `encryptedStorageOnly` off): where the keychain is
   * unusable, say storage is available and keep the tokens unencrypted. Never on in the reference.
   */
  plaintextFallback?: boolean;
  /**
   * The classic bug of the `memory-only-tokens` variant (switch `persistTokens` off): encrypt with safeStorage but
   * keep the blobs in memory only, so every restart loses the session. Never on in the reference.
   */
  memoryOnly?: boolean;
}

export const SECURE_STORE_NAME = 'secure-tokens';

export class SecureStorageService {
  private readonly store: BlobStore;
  private readonly platform: NodeJS.Platform;

  constructor(private readonly options: SecureStorageOptions = {}) {
    this.platform = options.platform ?? process.platform;
    // Do NOT set encryptionKey: the values are safeStorage ciphertext already (recipe, "Do not double-encrypt").
    // A corrupted file means signing in again, not an app that cannot start.
    this.store = options.memoryOnly === true
      ? memoryStore()
      : new ElectronStore<EncryptedBlobs>({ name: SECURE_STORE_NAME, clearInvalidConfig: true, ...(options.cwd === undefined ? {} : { cwd: options.cwd }) });
  }

  status(): SecureStorageStatus {
    const status = this.keychainStatus();
    return status.available || !this.plaintextFallback() ? status : { available: true, backend: status.backend, reason: null };
  }

  private plaintextFallback(): boolean {
    return this.options.plaintextFallback === true;
  }

  /** Whether tokens go to disk unencrypted: only in the buggy variant, and only without a usable keychain. */
  private writesPlaintext(): boolean {
    return this.plaintextFallback() && !this.keychainStatus().available;
  }

  private keychainStatus(): SecureStorageStatus {
    const backend = this.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
    if (!safeStorage.isEncryptionAvailable()) {
      const reason =
        backend === null
          ? 'the operating system keychain is not available'
          : `no usable secret service on this Linux desktop (safeStorage backend: ${backend}); install and unlock gnome-keyring or KWallet`;
      return { available: false, backend, reason };
    }
    if (backend === 'basic_text' && this.options.allowBasicText !== true) {
      return {
        available: false,
        backend,
        reason:
          'safeStorage backend "basic_text" encrypts with a hard-coded key, which is no better than plaintext; install and unlock gnome-keyring or KWallet, or start with --password-store=gnome-libsecret',
      };
    }
    return { available: true, backend, reason: null };
  }

  isAvailable(): boolean {
    return this.status().available;
  }

  setToken(key: unknown, value: unknown, by = 'main'): IpcResult<void> {
    try {
      const tokenKey = this.checkKey(key);
      if (typeof value !== 'string' || value === '') throw new ClientError('INVALID_IPC_ARGUMENT', `setToken(${tokenKey}): expected a non-empty string`);
      this.store.set({ [tokenKey]: this.encrypt(value) });
      this.options.onChange?.({ by, kind: 'stored', key: tokenKey, value });
      return ok(undefined);
    } catch (error) {
      return failed(error);
    }
  }

  getToken(key: unknown): IpcResult<string | undefined> {
    try {
      const tokenKey = this.checkKey(key);
      this.requireAvailable();
      const blob = this.store.get(tokenKey);
      return ok(blob === undefined ? undefined : this.decrypt(tokenKey, blob));
    } catch (error) {
      return failed(error);
    }
  }

  deleteToken(key: unknown, by = 'main'): IpcResult<void> {
    try {
      const tokenKey = this.checkKey(key);
      this.store.delete(tokenKey);
      this.options.onChange?.({ by, kind: 'deleted', key: tokenKey });
      return ok(undefined);
    } catch (error) {
      return failed(error);
    }
  }

  clearAll(by = 'main'): IpcResult<void> {
    try {
      this.store.clear();
      this.options.onChange?.({ by, kind: 'cleared' });
      return ok(undefined);
    } catch (error) {
      return failed(error);
    }
  }

  /** Main only: both tokens in one write, so a crash cannot keep a rotated-away refresh token next to a new access token. */
  setPair(pair: TokenPair, by = 'main'): IpcResult<void> {
    try {
      this.store.set({ accessToken: this.encrypt(pair.accessToken), refreshToken: this.encrypt(pair.refreshToken) });
      for (const key of TOKEN_KEYS) this.options.onChange?.({ by, kind: 'stored', key, value: pair[key] });
      return ok(undefined);
    } catch (error) {
      return failed(error);
    }
  }

  private checkKey(key: unknown): TokenKey {
    if (!isTokenKey(key)) throw new ClientError('INVALID_TOKEN_KEY', `unknown secure-storage key ${JSON.stringify(key)}; expected one of ${TOKEN_KEYS.join(', ')}`);
    return key;
  }

  private requireAvailable(): void {
    const status = this.status();
    if (!status.available) throw new ClientError('ENCRYPTION_UNAVAILABLE', `Secure storage not available: ${status.reason}`);
  }

  private encrypt(value: string): string {
    if (this.writesPlaintext()) return value;
    this.requireAvailable();
    try {
      return safeStorage.encryptString(value).toString('base64');
    } catch (error) {
      throw new ClientError('ENCRYPTION_FAILED', `Encryption failed: ${describe(error)}`, { cause: error });
    }
  }

  private decrypt(key: TokenKey, blob: string): string {
    if (this.writesPlaintext()) return blob;
    try {
      return safeStorage.decryptString(Buffer.from(blob, 'base64'));
    } catch (error) {
      throw new ClientError('DECRYPTION_FAILED', `Decryption of the stored ${key} failed: ${describe(error)}`, { cause: error });
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
