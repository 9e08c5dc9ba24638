/**
 * What the preload puts on `window.api`: exactly the contract's calls, an `on` for its events, and two
 * file helpers. Built from the contract's tables so that a new channel is one deliberate edit there
 * (preload-surface.test.ts snapshots the result). `ipcRenderer` itself is never exposed.
 */
import { type Api, callNames, eventNames } from '../../shared/contract.ts';

export interface PreloadBridge {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
  pathForFile(file: File): string;
}

type CallResult = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

export const callChannel = (name: string) => `api:${name}`;
export const eventChannel = (name: string) => `event:${name}`;
export const SAVE_EXPORT_CHANNEL = 'app:saveExport';

export function buildApi(bridge: PreloadBridge): Api {
  const api: Record<string, unknown> = {};
  for (const name of callNames) {
    api[name] = async (request: unknown) => {
      const result = (await bridge.invoke(callChannel(name), request ?? {})) as CallResult;
      if (!result.ok) throw Object.assign(new Error(result.error.message), { name: 'ApiError', code: result.error.code });
      return result.value;
    };
  }
  api.on = (event: string, listener: (payload: unknown) => void) => {
    if (!(eventNames as string[]).includes(event)) throw new Error(`Unknown event "${event}".`);
    return bridge.subscribe(eventChannel(event), listener);
  };
  api.fileToPath = async (file: File) => bridge.pathForFile(file);
  api.saveExport = async (path: string, fileName: string) => {
    const result = (await bridge.invoke(SAVE_EXPORT_CHANNEL, { path, fileName })) as CallResult;
    if (!result.ok) throw new Error(result.error.message);
  };
  return api as unknown as Api;
}
