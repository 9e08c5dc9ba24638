import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import {
  allowPermission,
  appOrigin,
  chooseRendererUrl,
  cspMetaContent,
  cspMetaTag,
  externalLink,
  isAllowedNavigation,
  isDevServer,
  isTrustedSender,
  WEB_PREFERENCES,
} from './security.ts';

const APP = 'file:///opt/Noojee/resources/app.asar/out/renderer/index.html';
const DEV = 'http://localhost:5173/';

describe('window preferences (Electron security checklist)', () => {
  it('isolates and sandboxes the renderer, without Node, webviews or insecure content', () => {
    expect(WEB_PREFERENCES).toEqual({
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
    });
  });
});

describe('Content-Security-Policy', () => {
  const directives = Object.fromEntries(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );

  it('allows only the app’s own scripts and connections: no eval, no inline script, no remote origins', () => {
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe|https?:|wss?:|\*/);
  });

  it('goes into the built page as a meta tag (file:// has no headers), without the header-only frame-ancestors', () => {
    expect(cspMetaContent(CONTENT_SECURITY_POLICY)).not.toContain('frame-ancestors');
    expect(cspMetaContent(CONTENT_SECURITY_POLICY)).toContain("script-src 'self'");
    expect(cspMetaTag(CONTENT_SECURITY_POLICY)).toMatch(
      /^<meta http-equiv="Content-Security-Policy" content="default-src 'self'; /,
    );
  });

  it('is sent as a header for everything but the development server', () => {
    expect(isDevServer(APP)).toBe(false);
    expect(isDevServer(DEV)).toBe(true);
  });
});

describe('who may talk to main', () => {
  it('accepts IPC only from our own page', () => {
    expect(isTrustedSender(APP, APP)).toBe(true);
    expect(isTrustedSender(`${APP}#/map`, APP)).toBe(true);
    expect(isTrustedSender('file:///opt/Noojee/resources/app.asar/out/renderer/assets/x.html', APP)).toBe(true);
    expect(isTrustedSender('file:///tmp/evil.html', APP)).toBe(false);
    expect(isTrustedSender('file:///opt/Noojee/resources/app.asar/out/renderer-evil/index.html', APP)).toBe(false);
    expect(isTrustedSender('https://evil.example/', APP)).toBe(false);
    expect(isTrustedSender('data:text/html,<script>', APP)).toBe(false);
    expect(isTrustedSender('about:blank', APP)).toBe(false);
    expect(isTrustedSender(undefined, APP)).toBe(false);
    expect(isTrustedSender('not a url', APP)).toBe(false);
    expect(isTrustedSender(DEV, DEV)).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', DEV)).toBe(false);
    expect(isTrustedSender('http://localhost.evil.example:5173/', DEV)).toBe(false);
  });

  it('derives the trusted origin from the page URL', () => {
    expect(appOrigin(APP)).toBe('file:///opt/Noojee/resources/app.asar/out/renderer/');
    expect(appOrigin('http://127.0.0.1:5173/index.html')).toBe('http://127.0.0.1:5173');
  });

  it('loads the dev server only unpackaged and on loopback; a packaged app ignores the variable', () => {
    expect(chooseRendererUrl(undefined, false, APP)).toBe(APP);
    expect(chooseRendererUrl(DEV, false, APP)).toBe(DEV);
    expect(chooseRendererUrl(DEV, true, APP)).toBe(APP);
    expect(chooseRendererUrl('https://evil.example/', false, APP)).toBe(APP);
    expect(chooseRendererUrl('http://192.168.1.5:5173/', false, APP)).toBe(APP);
    expect(chooseRendererUrl('nonsense', false, APP)).toBe(APP);
  });
});

describe('navigation, windows, webviews and permissions', () => {
  it('never navigates away from the page', () => {
    expect(isAllowedNavigation(`${APP}#/review`, APP)).toBe(true);
    expect(isAllowedNavigation('https://evil.example/', APP)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', APP)).toBe(false);
    expect(isAllowedNavigation('file:///opt/Noojee/resources/app.asar/out/renderer/other.html', APP)).toBe(false);
  });

  it('opens no windows: https links go to the browser, anything else nowhere', () => {
    expect(externalLink('https://noojee.com.au/help')).toBe('https://noojee.com.au/help');
    for (const url of ['http://noojee.com.au', 'file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'x'])
      expect(externalLink(url)).toBeUndefined();
  });

  it('grants no permission except clipboard writes from our own page', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid'])
      expect(allowPermission(p, APP, APP)).toBe(false);
    expect(allowPermission('clipboard-sanitized-write', APP, APP)).toBe(true);
    expect(allowPermission('clipboard-sanitized-write', 'https://evil.example/', APP)).toBe(false);
    expect(allowPermission('clipboard-sanitized-write', undefined, APP)).toBe(false);
  });
});
