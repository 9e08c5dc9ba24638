/**
 * API keys encrypted by the operating system's keychain (Electron safeStorage, async API) and kept in a
 * small file of base64 ciphertexts in userData. Where the keychain is only a plain-text stand-in (Linux
 * without a keyring: the "basic_text" backend) or unavailable, keys are kept for this session only and the
 * caller is told ('session'), so the UI can say so. Keys never leave through this module except to the core.
 *
 * The encryptor is injected: Electron's safeStorage in the app (see keychain.ts), a fake in tests.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { KeyStorage, SecretStore } from '../core/context.ts';
import { UserError } from '../core/errors.ts';
import { registerSecret } from '../core/redact.ts';

export interface Encryptor {
  /** False when only a plain-text keychain (Linux basic_text) or none at all is available. */
  isSecure(): Promise<boolean>;
  encrypt(plain: string): Promise<Buffer>;
  /** `reEncrypt`: the keychain rotated its key; the value should be stored again. */
  decrypt(cipher: Buffer): Promise<{ plain: string; reEncrypt: boolean }>;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The file on disk: a version, and per server id the keychain's ciphertext in base64. Never plain keys. */
export const keyFile = z.object({
  version: z.literal(1),
  keys: z.record(z.string(), z.string().regex(BASE64, 'not base64')),
});
export type KeyFile = z.infer<typeof keyFile>;

const EMPTY: KeyFile = { version: 1, keys: {} };

export interface KeyVault extends SecretStore {
  /** Whether keys can be kept across restarts on this machine. */
  secure(): Promise<boolean>;
}

export interface KeyVaultOptions {
  /** A damaged key file is set aside (never silently overwritten) and reported here. */
  onWarning?: (message: string) => void;
  now?: () => number;
}

export function createKeyVault(file: string, encryptor: Encryptor, options: KeyVaultOptions = {}): KeyVault {
  const sessionKeys = new Map<string, string>();
  const warn = options.onWarning ?? (() => {});
  const now = options.now ?? Date.now;

  const load = (): KeyFile => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY);
      throw new UserError('keys-unreadable', `The saved API keys in ${file} cannot be read: ${(error as Error).message}`);
    }
    let parsed: ReturnType<typeof keyFile.safeParse>;
    try {
      parsed = keyFile.safeParse(JSON.parse(text));
    } catch {
      parsed = keyFile.safeParse(undefined);
    }
    if (parsed.success) return parsed.data;
    const aside = `${file}.damaged-${now()}`;
    renameSync(file, aside);
    warn(`The saved API keys file was damaged and has been set aside as ${aside}; enter the keys again.`);
    return structuredClone(EMPTY);
  };

  const save = (data: KeyFile) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(data), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };

  const storeEncrypted = async (serverId: string, apiKey: string) => {
    const data = load();
    data.keys[serverId] = (await encryptor.encrypt(apiKey)).toString('base64');
    save(data);
  };

  return {
    secure: () => encryptor.isSecure(),

    async get(serverId) {
      const session = sessionKeys.get(serverId);
      if (session) return session;
      const cipher = load().keys[serverId];
      if (!cipher) return undefined;
      let decrypted: { plain: string; reEncrypt: boolean };
      try {
        decrypted = await encryptor.decrypt(Buffer.from(cipher, 'base64'));
      } catch {
        throw new UserError(
          'key-unreadable',
          'The saved API key for this server can no longer be unlocked by the system keychain (another user or machine?). Enter the key again.',
        );
      }
      registerSecret(decrypted.plain);
      if (decrypted.reEncrypt) await storeEncrypted(serverId, decrypted.plain);
      return decrypted.plain;
    },

    async set(serverId, apiKey, { sessionOnly }) {
      registerSecret(apiKey);
      const data = load();
      if (sessionOnly || !(await encryptor.isSecure())) {
        // Drop any older stored key so that the next start does not bring back a key the user replaced.
        if (serverId in data.keys) {
          delete data.keys[serverId];
          save(data);
        }
        sessionKeys.set(serverId, apiKey);
        return 'session';
      }
      sessionKeys.delete(serverId);
      await storeEncrypted(serverId, apiKey);
      return 'keychain';
    },

    async remove(serverId) {
      sessionKeys.delete(serverId);
      const data = load();
      if (!(serverId in data.keys)) return;
      delete data.keys[serverId];
      save(data);
    },

    async storageOf(serverId): Promise<KeyStorage> {
      if (sessionKeys.has(serverId)) return 'session';
      return load().keys[serverId] ? 'keychain' : 'none';
    },
  };
}

/** Whether a Linux keychain backend keeps secrets only obfuscated in a file (not a real keyring). */
export const isPlainTextBackend = (backend: string | undefined): boolean => backend === 'basic_text';
