import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSafeStorage } from './test-support/electron-double.ts';
import { SECURE_STORE_NAME, SecureStorageService, type TokenChange } from './secure-storage-service.ts';

vi.mock('electron', async () => (await import('./test-support/electron-double.ts')).electronModule());

const ACCESS = 'eyJhbGciOiJFUzI1NiJ9.access-token-under-test.sig';
const REFRESH = 'rt_refresh-token-under-test-0123456789';

describe('SecureStorageService (recipe 1.1: safeStorage + electron-store)', () => {
  let cwd: string;
  let changes: TokenChange[];
  const service = (options: { platform?: NodeJS.Platform; allowBasicText?: boolean; plaintextFallback?: boolean; memoryOnly?: boolean } = {}) =>
    new SecureStorageService({ cwd, platform: options.platform ?? 'linux', onChange: (change) => changes.push(change), ...options });
  const onDisk = () => readFileSync(join(cwd, `${SECURE_STORE_NAME}.json`), 'utf8');

  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'tokenstorm-secure-storage-'));
    changes = [];
    fakeSafeStorage.reset();
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('round-trips both tokens through encryption and a new instance reading the same file (a restart)', () => {
    const storage = service();
    expect(storage.setToken('accessToken', ACCESS)).toEqual({ success: true, data: undefined });
    expect(storage.setToken('refreshToken', REFRESH)).toEqual({ success: true, data: undefined });
    const restarted = service();
    expect(restarted.getToken('accessToken')).toEqual({ success: true, data: ACCESS });
    expect(restarted.getToken('refreshToken')).toEqual({ success: true, data: REFRESH });
  });

  it('writes only base64 ciphertext to disk, never the token, and sets no electron-store encryptionKey', () => {
    const storage = service();
    storage.setPair({ accessToken: ACCESS, refreshToken: REFRESH });
    const file = onDisk();
    expect(file).not.toContain(ACCESS);
    expect(file).not.toContain(REFRESH);
    const blobs = JSON.parse(file) as Record<string, string>;
    // Plain JSON (electron-store without encryptionKey), holding safeStorage output.
    expect(Object.keys(blobs).sort()).toEqual(['accessToken', 'refreshToken']);
    expect(fakeSafeStorage.decryptString(Buffer.from(blobs['accessToken']!, 'base64'))).toBe(ACCESS);
  });

  it('answers "no token" as success without data, as the recipe does', () => {
    expect(service().getToken('refreshToken')).toEqual({ success: true, data: undefined });
  });

  it('deletes one token and clears all', () => {
    const storage = service();
    storage.setPair({ accessToken: ACCESS, refreshToken: REFRESH });
    storage.deleteToken('accessToken');
    expect(storage.getToken('accessToken')).toEqual({ success: true, data: undefined });
    expect(storage.getToken('refreshToken')).toEqual({ success: true, data: REFRESH });
    storage.clearAll();
    expect(storage.getToken('refreshToken')).toEqual({ success: true, data: undefined });
    expect(changes.map((change) => change.kind)).toEqual(['stored', 'stored', 'deleted', 'cleared']);
  });

  it('refuses keys other than accessToken and refreshToken', () => {
    const result = service().setToken('jwtSecret', 'x');
    expect(result).toMatchObject({ success: false, code: 'INVALID_TOKEN_KEY' });
    expect(service().getToken('__proto__')).toMatchObject({ success: false, code: 'INVALID_TOKEN_KEY' });
  });

  it('reports a corrupted or foreign blob as DECRYPTION_FAILED, never as data', () => {
    const storage = service();
    storage.setToken('refreshToken', REFRESH);
    fakeSafeStorage.key = Buffer.alloc(32, 7); // another machine's key
    expect(service().getToken('refreshToken')).toMatchObject({ success: false, code: 'DECRYPTION_FAILED' });
  });

  describe('when encryption is unavailable', () => {
    it('fails with a clear error naming the Linux backend, and writes nothing — no plaintext fallback', () => {
      fakeSafeStorage.available = false;
      fakeSafeStorage.backend = 'basic_text';
      const storage = service();
      expect(storage.isAvailable()).toBe(false);
      const result = storage.setToken('accessToken', ACCESS);
      expect(result).toMatchObject({ success: false, code: 'ENCRYPTION_UNAVAILABLE' });
      expect(result.success ? '' : result.error).toMatch(/^Secure storage not available: .*backend: basic_text/);
      expect(storage.setPair({ accessToken: ACCESS, refreshToken: REFRESH })).toMatchObject({ success: false, code: 'ENCRYPTION_UNAVAILABLE' });
      expect(() => onDisk()).toThrow(/ENOENT/);
      expect(changes).toEqual([]);
    });

    it('does not decrypt stored blobs either', () => {
      service().setToken('refreshToken', REFRESH);
      fakeSafeStorage.available = false;
      expect(service().getToken('refreshToken')).toMatchObject({ success: false, code: 'ENCRYPTION_UNAVAILABLE' });
    });

    it('treats Linux "basic_text" (a hard-coded key) as unavailable even when safeStorage says it can encrypt', () => {
      fakeSafeStorage.backend = 'basic_text';
      const status = service().status();
      expect(status).toMatchObject({ available: false, backend: 'basic_text' });
      expect(status.reason).toMatch(/hard-coded key/);
      expect(service().setToken('accessToken', ACCESS)).toMatchObject({ success: false, code: 'ENCRYPTION_UNAVAILABLE' });
      expect(service({ allowBasicText: true }).isAvailable()).toBe(true);
    });

    it('reports the backend only on Linux', () => {
      fakeSafeStorage.available = false;
      expect(service({ platform: 'darwin' }).status()).toEqual({ available: false, backend: null, reason: 'the operating system keychain is not available' });
      expect(service({ platform: 'linux' }).status().backend).toBe('gnome_libsecret');
    });
  });

  describe('the plaintext-fallback variant (switch encryptedStorageOnly off)', () => {
    it('without a keychain, says storage is available and writes the tokens to disk as they are', () => {
      fakeSafeStorage.available = false;
      const storage = service({ plaintextFallback: true });
      expect(storage.status()).toEqual({ available: true, backend: 'gnome_libsecret', reason: null });
      expect(storage.setPair({ accessToken: ACCESS, refreshToken: REFRESH })).toEqual({ success: true, data: undefined });
      expect(onDisk()).toContain(ACCESS);
      expect(onDisk()).toContain(REFRESH);
      expect(service({ plaintextFallback: true }).getToken('refreshToken')).toEqual({ success: true, data: REFRESH });
    });

    it('falls back for basic_text too, and still encrypts where the keychain works', () => {
      fakeSafeStorage.backend = 'basic_text';
      service({ plaintextFallback: true }).setToken('accessToken', ACCESS);
      expect(onDisk()).toContain(ACCESS);
      fakeSafeStorage.reset();
      service({ plaintextFallback: true }).setPair({ accessToken: ACCESS, refreshToken: REFRESH });
      expect(onDisk()).not.toContain(ACCESS);
      expect(onDisk()).not.toContain(REFRESH);
    });
  });

  it('the memory-only-tokens variant (switch persistTokens off) encrypts, writes nothing, and a restart finds no tokens', () => {
    const storage = service({ memoryOnly: true });
    storage.setPair({ accessToken: ACCESS, refreshToken: REFRESH });
    expect(storage.getToken('refreshToken')).toEqual({ success: true, data: REFRESH });
    expect(() => onDisk()).toThrow(/ENOENT/);
    expect(service({ memoryOnly: true }).getToken('refreshToken')).toEqual({ success: true, data: undefined });
    storage.deleteToken('accessToken');
    expect(storage.getToken('accessToken')).toEqual({ success: true, data: undefined });
    storage.clearAll();
    expect(storage.getToken('refreshToken')).toEqual({ success: true, data: undefined });
  });

  it('starts clean from an unreadable store file instead of failing the app', () => {
    writeFileSync(join(cwd, `${SECURE_STORE_NAME}.json`), '{not json');
    expect(service().getToken('accessToken')).toEqual({ success: true, data: undefined });
  });
});
