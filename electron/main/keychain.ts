/** The operating system's keychain through Electron's safeStorage (async API), as the vault's Encryptor. */
import { safeStorage } from 'electron';
import { type Encryptor, isPlainTextBackend } from './secrets.ts';

export function keychainBackend(): string {
  return process.platform === 'linux'
    ? safeStorage.getSelectedStorageBackend()
    : process.platform === 'darwin'
      ? 'keychain'
      : 'dpapi';
}

export const safeStorageEncryptor: Encryptor = {
  async isSecure() {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
    return !isPlainTextBackend(keychainBackend());
  },
  encrypt: (plain) => safeStorage.encryptStringAsync(plain),
  async decrypt(cipher) {
    const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(cipher);
    return { plain: result, reEncrypt: shouldReEncrypt };
  },
};
