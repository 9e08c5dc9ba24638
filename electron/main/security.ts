/**
 * Every security decision of the Electron shell, as plain values and functions so that tests can hold
 * them to Electron's security checklist: a sandboxed, isolated renderer without Node, that may not
 * navigate, open windows, attach webviews or get permissions, and whose IPC is accepted only from our page.
 */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: true,
} as const;

/** The renderer is loaded from this origin only: the packaged files, or the dev server while developing. */
export function appOrigin(rendererUrl: string): string {
  const url = new URL(rendererUrl);
  return url.protocol === 'file:' ? `file://${url.pathname.replace(/[^/]*$/, '')}` : url.origin;
}

/** IPC is answered only for frames showing our own page: never another site, an iframe or a data: URL. */
export function isTrustedSender(frameUrl: string | undefined, rendererUrl: string): boolean {
  if (!frameUrl) return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  const origin = appOrigin(rendererUrl);
  if (url.protocol === 'file:') return origin.startsWith('file://') && `file://${url.pathname}`.startsWith(origin);
  return url.origin === origin;
}

/** Navigation away from the app is never allowed; links to the web are not followed inside the window. */
export function isAllowedNavigation(targetUrl: string, rendererUrl: string): boolean {
  return isTrustedSender(targetUrl, rendererUrl) && new URL(targetUrl).pathname === new URL(rendererUrl).pathname;
}

/** Permission requests (camera, notifications via the web API, geolocation…) are all refused. */
export const allowPermission = (_permission: string): boolean => false;
