import type { Api } from '../../../shared/contract.ts';
import { createBrowserClient, readLaunchToken } from './browser-client.ts';

declare global {
  interface Window {
    /** Set by Electron's preload; absent in browser mode. */
    api?: Api;
  }
}

const launchToken = window.api ? '' : readLaunchToken();

/** The renderer's one door to the rest of the app: the preload's in Electron, the browser client otherwise. */
export const api: Api = window.api ?? createBrowserClient(launchToken);
export const isElectron = window.api !== undefined;
/** Browser mode opened without the token of its launch (the address lacks `#token=…`): nothing can work. */
export const missingLaunchToken = !isElectron && launchToken === '';
