/** Sandboxed preload: exposes `window.api` (see surface.ts) and nothing else. */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildApi } from './surface.ts';

contextBridge.exposeInMainWorld(
  'api',
  buildApi({
    invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
    subscribe(channel, listener) {
      // The listener gets the payload only, never the IpcRendererEvent (which reaches ipcRenderer).
      const handler = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, handler);
      return () => ipcRenderer.removeListener(channel, handler);
    },
    pathForFile: (file) => webUtils.getPathForFile(file),
  }),
);
