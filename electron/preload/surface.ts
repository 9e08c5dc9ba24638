/**
 * What the preload puts on `window.api`: exactly the contract's calls, an `on` for its events, and two
 * file helpers. Built from the contract's tables so that a new channel is one deliberate edit there
 * (surface.test.ts snapshots the result). `ipcRenderer` itself, or any generic send, is never exposed.
 *
 * Errors: main replies with values ({ok, error}); here they become thrown Errors with the same message the
 * browser client's ApiError carries. contextBridge copies only an Error's message into the page, so the
 * message is written to stand on its own.
 */
import { type Api, callNames, eventNames } from '../../shared/contract.ts';
import { type CallResult, callChannel, eventChannel, SAVE_EXPORT_CHANNEL } from '../../shared/transport.ts';

export type IpcHandler = (event: unknown, ...args: unknown[]) => void;

/** The few ipcRenderer/webUtils functions the surface is built on (injected, so it can be tested in Node). */
export interface PreloadBridge {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, handler: IpcHandler): void;
  removeListener(channel: string, handler: IpcHandler): void;
  pathForFile(file: File): string;
}

function unwrap(result: CallResult): unknown {
  if (result.ok) return result.value;
  throw Object.assign(new Error(result.error.message), { name: 'ApiError', code: result.error.code });
}

/**
 * Files given at launch can arrive before the page has subscribed (React subscribes in an effect, after
 * the load main waits for): those openFiles events are kept and handed to the first listener.
 */
function holdEarlyOpenFiles(bridge: PreloadBridge) {
  const early: unknown[] = [];
  let listeners = 0;
  bridge.on(eventChannel('openFiles'), (_event, payload) => {
    if (listeners === 0) early.push(payload);
  });
  return {
    added(listener: (payload: unknown) => void) {
      listeners++;
      const held = early.splice(0);
      if (held.length) {
        queueMicrotask(() => {
          for (const payload of held) listener(payload);
        });
      }
    },
    removed() {
      listeners--;
    },
  };
}

export function buildApi(bridge: PreloadBridge): Api {
  const api: Record<string, unknown> = {};
  const openFiles = holdEarlyOpenFiles(bridge);
  for (const name of callNames) {
    api[name] = async (request: unknown) => unwrap((await bridge.invoke(callChannel(name), request ?? {})) as CallResult);
  }
  api.on = (event: string, listener: (payload: unknown) => void) => {
    if (!(eventNames as string[]).includes(event)) throw new Error(`Unknown event "${event}".`);
    // The page gets the payload only: the IpcRendererEvent would hand it ipcRenderer (event.sender).
    const handler: IpcHandler = (_event, payload) => listener(payload);
    bridge.on(eventChannel(event), handler);
    if (event === 'openFiles') openFiles.added(listener);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      bridge.removeListener(eventChannel(event), handler);
      if (event === 'openFiles') openFiles.removed();
    };
  };
  api.fileToPath = async (file: File) => {
    const path = bridge.pathForFile(file);
    if (!path) throw new Error(`${file.name} is not a file on this computer's disk; save it to a folder first, then open it.`);
    return path;
  };
  api.saveExport = async (path: string, fileName: string) => {
    unwrap((await bridge.invoke(SAVE_EXPORT_CHANNEL, { path, fileName })) as CallResult);
  };
  return api as unknown as Api;
}
