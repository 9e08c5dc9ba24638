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

/**
 * Permission requests are refused, with one exception: our own page may write plain text to the clipboard
 * ("copy row"), which Chromium asks as clipboard-sanitized-write. No camera, geolocation, web notifications
 * (main shows OS notifications itself), no clipboard reading.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function allowPermission(permission: string, requestingUrl: string | undefined, rendererUrl: string): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isTrustedSender(requestingUrl, rendererUrl);
}

/**
 * Where the window loads the app from: the built files, or, in development only, the electron-vite dev
 * server on loopback. A packaged app ignores ELECTRON_RENDERER_URL, so an environment variable can never
 * point a window with IPC access at someone else's page.
 */
export function chooseRendererUrl(devServerUrl: string | undefined, isPackaged: boolean, builtFileUrl: string): string {
  if (!devServerUrl || isPackaged) return builtFileUrl;
  let url: URL;
  try {
    url = new URL(devServerUrl);
  } catch {
    return builtFileUrl;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return url.protocol === 'http:' && loopback ? url.href : builtFileUrl;
}

/** The dev server's inline React preamble cannot run under the strict CSP; the built app always gets it. */
export const isDevServer = (rendererUrl: string): boolean => !rendererUrl.startsWith('file:');

/** Links the page opens go to the user's browser, and only when they are https: never file:, data: or custom schemes. */
export function externalLink(url: string): string | undefined {
  try {
    return new URL(url).protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The CSP as a <meta> tag for file:// loads, which carry no response headers. `frame-ancestors` is dropped
 * because browsers ignore it in a meta tag (it is still sent as a header where there are headers).
 */
export function cspMetaContent(csp: string): string {
  return csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !d.startsWith('frame-ancestors'))
    .join('; ');
}

export function cspMetaTag(csp: string): string {
  return `<meta http-equiv="Content-Security-Policy" content="${cspMetaContent(csp)}" />`;
}
