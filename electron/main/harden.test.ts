import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import { claimSingleInstance, hardenApp, hardenContents, hardenedPreferences, hardenSession } from './harden.ts';
import { WEB_PREFERENCES } from './security.ts';

const APP = 'file:///opt/Noojee/resources/app.asar/out/renderer/index.html';
const DEV = 'http://localhost:5173/';

type Listener = (...args: unknown[]) => unknown;

/** A stand-in for a session that keeps the handlers it is given, so a test can call them as Electron would. */
function fakeSession() {
  const handlers: { headers?: Listener; request?: Listener; check?: Listener } = {};
  const session = {
    webRequest: { onHeadersReceived: vi.fn((h: Listener) => (handlers.headers = h)) },
    setPermissionRequestHandler: vi.fn((h: Listener) => (handlers.request = h)),
    setPermissionCheckHandler: vi.fn((h: Listener) => (handlers.check = h)),
  };
  return { session, handlers };
}

function fakeContents() {
  const on = new Map<string, Listener>();
  let openHandler: Listener | undefined;
  const contents = {
    setWindowOpenHandler: vi.fn((h: Listener) => (openHandler = h)),
    on: vi.fn((name: string, h: Listener) => on.set(name, h)),
  };
  const event = () => ({ preventDefault: vi.fn() });
  return { contents, on, open: (url: string) => openHandler?.({ url }), event };
}

describe('hardenSession', () => {
  it('adds the CSP header to every response of the built app', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session as never, APP);
    const callback = vi.fn();
    handlers.headers?.({ responseHeaders: { 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  it('leaves the dev server its own scripts (no CSP header), but still rules permissions', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session as never, DEV);
    expect(session.webRequest.onHeadersReceived).not.toHaveBeenCalled();
    expect(handlers.request).toBeDefined();
  });

  it('grants no permission but clipboard writes from our own page, asked or checked', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session as never, APP);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write'])
      handlers.request?.({}, permission, (granted: boolean) => answers.push(granted), { requestingUrl: APP });
    expect(answers).toEqual([false, false, false, false, true]);
    handlers.request?.({}, 'clipboard-sanitized-write', (granted: boolean) => answers.push(granted), {
      requestingUrl: 'https://evil.example/',
    });
    expect(answers.at(-1)).toBe(false);
    expect(handlers.check?.({}, 'media', APP)).toBe(false);
    expect(handlers.check?.({}, 'clipboard-sanitized-write', APP)).toBe(true);
  });
});

describe('hardenContents', () => {
  it('opens no window: an https link goes to the browser, anything else nowhere', () => {
    const { contents, open } = fakeContents();
    const external = vi.fn();
    hardenContents(contents as never, APP, external);
    expect(open('https://noojee.com.au/help')).toEqual({ action: 'deny' });
    expect(external).toHaveBeenCalledWith('https://noojee.com.au/help');
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(external).toHaveBeenCalledTimes(1);
  });

  it('stops navigation and redirects away from the app, and every webview', () => {
    const { contents, on, event } = fakeContents();
    hardenContents(contents as never, APP, vi.fn());
    for (const name of ['will-navigate', 'will-redirect']) {
      const away = event();
      on.get(name)?.(away, 'https://evil.example/');
      expect(away.preventDefault).toHaveBeenCalled();
      const within = event();
      on.get(name)?.(within, APP);
      expect(within.preventDefault).not.toHaveBeenCalled();
    }
    const webview = event();
    on.get('will-attach-webview')?.(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });
});

describe('hardenApp and the window', () => {
  it('sandboxes every renderer, never opens at login, and hardens every web contents created', () => {
    const listeners = new Map<string, Listener>();
    const app = {
      enableSandbox: vi.fn(),
      setLoginItemSettings: vi.fn(),
      on: vi.fn((name: string, h: Listener) => listeners.set(name, h)),
    };
    hardenApp(app as never, APP, vi.fn());
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: false });
    const { contents } = fakeContents();
    listeners.get('web-contents-created')?.({}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    expect(contents.on.mock.calls.map(([name]) => name)).toEqual(['will-navigate', 'will-redirect', 'will-attach-webview']);
  });

  it('creates windows with the checklist preferences plus only the preload', () => {
    expect(hardenedPreferences('/app/preload/index.cjs')).toEqual({ ...WEB_PREFERENCES, preload: '/app/preload/index.cjs' });
  });

  it('runs one instance: a second launch quits', () => {
    const first = { requestSingleInstanceLock: () => true, quit: vi.fn() };
    expect(claimSingleInstance(first)).toBe(true);
    expect(first.quit).not.toHaveBeenCalled();
    const second = { requestSingleInstanceLock: () => false, quit: vi.fn() };
    expect(claimSingleInstance(second)).toBe(false);
    expect(second.quit).toHaveBeenCalled();
  });
});
