/**
 * Electron's security checklist applied to the parts it concerns: the session (CSP header, permissions), each
 * web contents (no new windows, no navigation away, no webviews) and the window's preferences. Each takes the
 * part it hardens, so harden.test.ts checks them with fakes; index.ts only passes Electron's real objects.
 * The decisions themselves (which URL, which permission) are the pure functions of security.ts.
 */
import type { Session, WebContents, WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import { allowPermission, externalLink, isAllowedNavigation, isDevServer, WEB_PREFERENCES } from './security.ts';

type SessionParts = {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
} & Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/** The CSP as a response header for anything loaded over http (not the dev server: Vite injects scripts), and permissions. */
export function hardenSession(session: SessionParts, rendererUrl: string): void {
  if (!isDevServer(rendererUrl)) {
    session.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    });
  }
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowPermission(permission, details.requestingUrl, rendererUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    allowPermission(permission, requestingOrigin, rendererUrl),
  );
}

type ContentsParts = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

/** No new windows (https links open in the browser), no navigation or redirect away, no webviews. */
export function hardenContents(contents: ContentsParts, rendererUrl: string, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    const link = externalLink(url);
    if (link) openExternal(link);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** A window's preferences: the checklist's, plus only the preload. */
export function hardenedPreferences(preload: string): WebPreferences {
  return { ...WEB_PREFERENCES, preload };
}

type AppParts = Pick<Electron.App, 'enableSandbox' | 'setLoginItemSettings' | 'on'>;

/** Every renderer sandboxed whatever its own preferences say, not opened at login, and every web contents hardened. */
export function hardenApp(app: AppParts, rendererUrl: string, openExternal: (url: string) => void): void {
  app.enableSandbox();
  app.setLoginItemSettings({ openAtLogin: false });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, rendererUrl, openExternal));
}

/** One instance: a second launch quits at once (its files reach the first through 'second-instance'). */
export function claimSingleInstance(app: Pick<Electron.App, 'requestSingleInstanceLock' | 'quit'>): boolean {
  if (app.requestSingleInstanceLock()) return true;
  app.quit();
  return false;
}
