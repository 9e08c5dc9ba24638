/** Sandboxed preload (bundled as CommonJS): exposes `window.api` (see surface.ts) and nothing else. */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildApi } from './surface.ts';

contextBridge.exposeInMainWorld(
  'api',
  buildApi({
    invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
    on: (channel, handler) => void ipcRenderer.on(channel, handler),
    removeListener: (channel, handler) => void ipcRenderer.removeListener(channel, handler),
    pathForFile: (file) => webUtils.getPathForFile(file),
  }),
);
