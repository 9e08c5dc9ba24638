import type { KeyStorage, SecretStore } from '../context.ts';
import { registerSecret } from '../redact.ts';

/**
 * Keys kept in this process's memory only (browser mode, CLI). A key from the environment
 * (e.g. NOOJEE_API_KEY) serves every server that has no key of its own.
 */
export function createMemorySecrets(environmentKey?: string): SecretStore {
  const keys = new Map<string, string>();
  registerSecret(environmentKey);
  return {
    async get(serverId) {
      return keys.get(serverId) ?? environmentKey;
    },
    async set(serverId, apiKey) {
      registerSecret(apiKey);
      keys.set(serverId, apiKey);
      return 'session';
    },
    async remove(serverId) {
      keys.delete(serverId);
    },
    async storageOf(serverId): Promise<KeyStorage> {
      if (keys.has(serverId)) return 'session';
      return environmentKey ? 'environment' : 'none';
    },
  };
}
