/**
 * API keys encrypted by the operating system's keychain (Electron safeStorage, async API) and kept in a
 * small file of ciphertexts. Where the keychain is only a plain-text stand-in (Linux without a keyring:
 * the "basic_text" backend) or unavailable, keys are kept for this session only and the user is told.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyStorage, SecretStore } from '../core/context.ts';
import { registerSecret } from '../core/redact.ts';

export interface Encryptor {
  /** False when only a plain-text or no keychain is available. */
  isSecure(): Promise<boolean>;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(cipher: Buffer): Promise<string>;
}

export function createKeyVault(file: string, encryptor: Encryptor): SecretStore & { secure(): Promise<boolean> } {
  const sessionKeys = new Map<string, string>();
  const load = (): Record<string, string> => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const save = (data: Record<string, string>) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(data), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };
  return {
    secure: () => encryptor.isSecure(),
    async get(serverId) {
      const session = sessionKeys.get(serverId);
      if (session) return session;
      const cipher = load()[serverId];
      if (!cipher) return undefined;
      const key = await encryptor.decrypt(Buffer.from(cipher, 'base64'));
      registerSecret(key);
      return key;
    },
    async set(serverId, apiKey, { sessionOnly }) {
      registerSecret(apiKey);
      const data = load();
      delete data[serverId];
      if (sessionOnly || !(await encryptor.isSecure())) {
        save(data);
        sessionKeys.set(serverId, apiKey);
        return 'session';
      }
      sessionKeys.delete(serverId);
      data[serverId] = (await encryptor.encrypt(apiKey)).toString('base64');
      save(data);
      return 'keychain';
    },
    async remove(serverId) {
      sessionKeys.delete(serverId);
      const data = load();
      delete data[serverId];
      save(data);
    },
    async storageOf(serverId): Promise<KeyStorage> {
      if (sessionKeys.has(serverId)) return 'session';
      return load()[serverId] ? 'keychain' : 'none';
    },
  };
}
