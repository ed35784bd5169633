/**
 * `safeStorage` with real authenticated encryption (AES-256-GCM). The key lives
 * in a file the driver keeps outside the profile directory — as the OS keychain
 * keeps Chromium's key outside it — so a copied profile does not decrypt.
 * `TOKENSTORM_SAFE_STORAGE=unavailable` reproduces Linux without a keyring.
 * Ciphertext carries Chromium's Linux `v11` prefix.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

const PREFIX = Buffer.from('v11');

function unavailable(): boolean {
  return process.env.TOKENSTORM_SAFE_STORAGE === 'unavailable';
}

let key: Buffer | undefined;
function encryptionKey(): Buffer {
  if (key) return key;
  const file = process.env.TOKENSTORM_SAFE_STORAGE_KEY_FILE;
  if (!file) throw new Error('safeStorage: no key file (TOKENSTORM_SAFE_STORAGE_KEY_FILE) was given by the driver');
  key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error('safeStorage: the key file does not hold a 256-bit key');
  return key;
}

export const safeStorage = {
  isEncryptionAvailable(): boolean {
    return !unavailable();
  },
  isAsyncEncryptionAvailable: async (): Promise<boolean> => !unavailable(),
  /** Linux only in Electron; what the backend would be here. */
  getSelectedStorageBackend(): string {
    return unavailable() ? 'basic_text' : 'gnome_libsecret';
  },
  setUsePlainTextEncryption(_usePlainText: boolean): void {
    // Electron's escape hatch to plaintext; tokenstorm's host never honours it.
  },
  encryptString(plainText: string): Buffer {
    if (typeof plainText !== 'string') throw new TypeError('Insufficient number of arguments.');
    if (unavailable()) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', encryptionKey(), iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([PREFIX, iv, cipher.getAuthTag(), body]);
  },
  decryptString(encrypted: Buffer): string {
    if (!Buffer.isBuffer(encrypted)) throw new TypeError('Expected the first argument of decryptString() to be a buffer');
    if (unavailable()) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.');
    if (encrypted.length < PREFIX.length + 28 || !encrypted.subarray(0, 3).equals(PREFIX)) {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
    const iv = encrypted.subarray(3, 15);
    const tag = encrypted.subarray(15, 31);
    try {
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey(), iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  },
};
