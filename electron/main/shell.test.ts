import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import { redact } from '../core/redact.ts';
import { diagnosticsText } from './diagnostics.ts';
import { FOREIGN_SENDER, senderAllowed } from './ipc.ts';
import { createKeyVault, type Encryptor } from './key-vault.ts';
import { allowPermission, isAllowedNavigation, isTrustedSender, WEB_PREFERENCES } from './security.ts';
import { clampToDisplays, DEFAULT_BOUNDS, parseBounds } from './window-state.ts';

const APP = 'file:///opt/Noojee/resources/app.asar/out/renderer/index.html';
const mainSource = readFileSync(join(import.meta.dirname, 'index.ts'), 'utf8');

describe('window security (Electron checklist)', () => {
  it('isolates and sandboxes the renderer, without Node', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
  });

  it('has a strict Content-Security-Policy: no eval, no inline script, no remote origins', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/);
  });

  it('accepts IPC only from our own page', () => {
    expect(isTrustedSender(APP, APP)).toBe(true);
    expect(isTrustedSender('file:///opt/Noojee/resources/app.asar/out/renderer/index.html#/map', APP)).toBe(true);
    expect(isTrustedSender('file:///tmp/evil.html', APP)).toBe(false);
    expect(isTrustedSender('https://evil.example/', APP)).toBe(false);
    expect(isTrustedSender('data:text/html,<script>', APP)).toBe(false);
    expect(isTrustedSender(undefined, APP)).toBe(false);
    expect(isTrustedSender('http://localhost:5173/', 'http://localhost:5173/')).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });

  it('refuses a frame that is not the top frame, or comes from elsewhere', () => {
    const top = { senderFrame: { url: APP, parent: null } } as never;
    const child = { senderFrame: { url: APP, parent: {} } } as never;
    const foreign = { senderFrame: { url: 'https://evil.example/', parent: null } } as never;
    const gone = { senderFrame: null } as never;
    expect(senderAllowed(top, APP)).toBe(true);
    expect(senderAllowed(child, APP)).toBe(false);
    expect(senderAllowed(foreign, APP)).toBe(false);
    expect(senderAllowed(gone, APP)).toBe(false);
    expect(FOREIGN_SENDER.ok).toBe(false);
  });

  it('never navigates away, opens windows, attaches webviews or grants permissions', () => {
    expect(isAllowedNavigation('https://evil.example/', APP)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', APP)).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])
      expect(allowPermission(p)).toBe(false);
    expect(mainSource).toMatch(/setWindowOpenHandler\([\s\S]*?action: 'deny'/);
    expect(mainSource).toMatch(/'will-attach-webview', \(event\) => event\.preventDefault\(\)/);
    expect(mainSource).toMatch(/'will-navigate'[\s\S]*?isAllowedNavigation/);
    expect(mainSource).toMatch(/setPermissionRequestHandler[\s\S]*?allowPermission/);
    expect(mainSource).toMatch(/webPreferences: \{ \.\.\.WEB_PREFERENCES, preload/);
    expect(mainSource).toMatch(/requestSingleInstanceLock/);
    expect(mainSource).toMatch(/openAtLogin: false/);
  });
});

describe('the key vault', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vault-'));
  const fakeKeychain = (secure: boolean): Encryptor => ({
    isSecure: async () => secure,
    encrypt: async (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
    decrypt: async (cipher) => Buffer.from([...cipher].map((b) => b ^ 0x5a)).toString(),
  });

  it('stores keys encrypted by the keychain, never in clear', async () => {
    const file = join(dir, 'keys.json');
    const vault = createKeyVault(file, fakeKeychain(true));
    expect(await vault.set('s1', 'super-secret-api-key', { sessionOnly: false })).toBe('keychain');
    expect(readFileSync(file, 'utf8')).not.toContain('super-secret-api-key');
    expect(await createKeyVault(file, fakeKeychain(true)).get('s1')).toBe('super-secret-api-key');
    expect(await vault.storageOf('s1')).toBe('keychain');
    expect(redact('apiKey=super-secret-api-key and super-secret-api-key')).toBe('apiKey=*** and ***');
  });

  it('keeps keys for the session only without a secure keychain (Linux basic_text)', async () => {
    const file = join(dir, 'plain.json');
    const vault = createKeyVault(file, fakeKeychain(false));
    expect(await vault.set('s2', 'another-secret-key', { sessionOnly: false })).toBe('session');
    expect(readFileSync(file, 'utf8')).not.toContain('another-secret-key');
    expect(await vault.get('s2')).toBe('another-secret-key');
    expect(await createKeyVault(file, fakeKeychain(false)).get('s2')).toBeUndefined();
  });

  it('honours "this session only" and removes keys', async () => {
    const vault = createKeyVault(join(dir, 'session.json'), fakeKeychain(true));
    expect(await vault.set('s3', 'k3-secret', { sessionOnly: true })).toBe('session');
    await vault.remove('s3');
    expect(await vault.get('s3')).toBeUndefined();
    expect(await vault.storageOf('s3')).toBe('none');
  });

  it('is cleaned up', () => {
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('window state', () => {
  it('restores saved bounds on a display that exists, and falls back otherwise', () => {
    const display = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(clampToDisplays({ x: 100, y: 80, width: 1200, height: 800 }, display)).toEqual({
      x: 100,
      y: 80,
      width: 1200,
      height: 800,
    });
    expect(clampToDisplays({ x: 4000, y: 80, width: 1200, height: 800 }, display)).toEqual({ width: 1200, height: 800 });
    expect(clampToDisplays({ x: 10, y: 10, width: 300, height: 200 }, display)).toMatchObject({ width: 900, height: 600 });
    expect(parseBounds('not json')).toEqual(DEFAULT_BOUNDS);
    expect(parseBounds('{"width":"wide"}')).toEqual(DEFAULT_BOUNDS);
  });
});

describe('copy diagnostics', () => {
  it('says what support needs and nothing secret', () => {
    const text = diagnosticsText({
      appVersion: '1.2.3',
      electron: '45.5.0',
      node: '24.21.0',
      chrome: '142',
      platform: 'linux',
      arch: 'x64',
      dataDir: '/home/me/.config/Noojee Lead Uploader',
      keychain: 'gnome_libsecret',
      servers: [{ name: 'PBX', url: 'https://pbx.example.com', keyStorage: 'keychain' }],
      jobs: [{ id: '7', state: 'done', total: 10, imported: 9, rejected: 1, invalid: 0 }],
    });
    expect(text).toContain('Noojee Lead Uploader 1.2.3');
    expect(text).toContain('PBX <https://pbx.example.com> (key: keychain)');
    expect(text).toContain('job 7: done, 10 leads');
    expect(text).not.toMatch(/apiKey|super-secret/);
  });
});

describe('packaging', () => {
  it('declares the installers, app id, icons and entitlements', () => {
    const config = readFileSync(join(import.meta.dirname, '../../electron-builder.yml'), 'utf8');
    expect(config).toMatch(/^appId: au\.com\.noojee\.leaduploader$/m);
    expect(config).toMatch(/^productName: Noojee Lead Uploader$/m);
    for (const target of ['nsis', '- dmg', '- zip', '- AppImage', '- deb', 'hardenedRuntime: true', 'ext: csv', 'ext: xlsx'])
      expect(config).toContain(target);
    for (const file of ['icon.png', 'entitlements.mac.plist'])
      expect(readFileSync(join(import.meta.dirname, '../../build', file)).length).toBeGreaterThan(100);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['electron', 'electron-builder']));
    expect(pkg.dependencies.electron).toBeUndefined();
  });

  it('builds main, a preload that requires nothing but electron, and the renderer', () => {
    const out = mkdtempSync(join(tmpdir(), 'build-'));
    try {
      execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--outDir', out], {
        cwd: join(import.meta.dirname, '../..'),
        stdio: 'pipe',
      });
      const preload = readFileSync(join(out, 'preload/index.cjs'), 'utf8');
      expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
      expect(readFileSync(join(out, 'main/index.js'), 'utf8')).toContain('requestSingleInstanceLock');
      expect(readFileSync(join(out, 'renderer/index.html'), 'utf8')).toContain('<div id="root">');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
