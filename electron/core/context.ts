import type { EventName, EventPayload, KeyStorage } from '../../shared/contract.ts';

export type { KeyStorage };

/** Where API keys live. Electron backs it with safeStorage; browser mode and the CLI with memory/env. */
export interface SecretStore {
  get(serverId: string): Promise<string | undefined>;
  set(serverId: string, apiKey: string, options: { sessionOnly: boolean }): Promise<KeyStorage>;
  remove(serverId: string): Promise<void>;
  storageOf(serverId: string): Promise<KeyStorage>;
}

export type Emit = <K extends EventName>(event: K, payload: EventPayload<K>) => void;

export interface CoreContext {
  dataDir: string;
  mode: 'electron' | 'browser';
  version: string;
  secrets: SecretStore;
  emit: Emit;
  startDemoServer?: StartDemoServer;
}

/** Hosts (Electron main, browser mode) that ship the simulator offer it as a demo server. */
export type StartDemoServer = () => Promise<{ url: string; apiKey: string }>;
