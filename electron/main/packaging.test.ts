import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import { cspMetaContent } from './security.ts';

const root = join(import.meta.dirname, '../..');
const require = createRequire(join(root, 'package.json'));

/** Loads electron-builder.yml with electron-builder's own loader and validates it against its own schema. */
let loaded: Promise<Configuration> | undefined;
function builderConfig(): Promise<Configuration> {
  loaded ??= (async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
    const { DebugLogger } = require('builder-util');
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    await validateConfiguration(config, new DebugLogger(false));
    return config;
  })();
  return loaded;
}

function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(file);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('electron-builder configuration', () => {
  it('is valid for electron-builder and names the app', async () => {
    const config = await builderConfig();
    expect(config.appId).toBe('au.com.noojee.leaduploader');
    expect(config.productName).toBe('Noojee Lead Uploader');
    expect(config.files).toEqual([{ filter: ['out/**', 'package.json'] }]);
    expect(config.directories).toMatchObject({ buildResources: 'build', output: 'dist' });
  }, 30_000);

  it('builds NSIS for Windows, a hardened DMG and zip for macOS, AppImage and deb for Linux', async () => {
    const config = await builderConfig();
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.entitlements).toBe('build/entitlements.mac.plist');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
  }, 30_000);

  it('opens .csv and .xlsx files, and publishes no update feed by default', async () => {
    const config = await builderConfig();
    expect(
      [config.fileAssociations ?? []]
        .flat()
        .map((a) => a.ext)
        .sort(),
    ).toEqual(['csv', 'xlsx']);
    expect(config.publish).toBeNull();
  }, 30_000);

  it('flips the Electron fuses: no RunAsNode, NODE_OPTIONS or --inspect; code only from an integrity-checked app.asar', async () => {
    const config = await builderConfig();
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    });
  }, 30_000);

  it('ships icons (512 and 256 pixels) and entitlements that allow no more than the app needs', () => {
    expect(pngSize(join(root, 'build/icon.png'))).toEqual({ width: 512, height: 512 });
    expect(pngSize(join(root, 'build/icon-256.png'))).toEqual({ width: 256, height: 256 });
    const plist = readFileSync(join(root, 'build/entitlements.mac.plist'), 'utf8');
    const granted = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]).sort();
    expect(granted).toEqual([
      'com.apple.security.cs.allow-jit',
      'com.apple.security.files.user-selected.read-write',
      'com.apple.security.network.client',
    ]);
  });

  it('keeps electron a development dependency (electron-builder refuses it in dependencies)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.devDependencies).toHaveProperty('electron');
    expect(pkg.dependencies).not.toHaveProperty('electron');
    expect(pkg.main).toBe('out/main/index.js');
  });
});

describe('npm run build (electron-vite)', () => {
  it('builds an ESM main with the simulator and the workbook and lead reader workers, a preload that requires only electron, and a renderer with the CSP', async () => {
    // Inside the project, so that the bundle's bare imports (@e965/xlsx…) resolve from node_modules as in the app.
    mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
    const out = mkdtempSync(join(root, 'node_modules/.cache/build-test-'));
    try {
      execFileSync(
        process.execPath,
        ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--outDir', out, '--logLevel', 'warn'],
        {
          cwd: root,
          stdio: 'pipe',
        },
      );
      const preload = readFileSync(join(out, 'preload/index.cjs'), 'utf8');
      expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
      expect(preload).toContain('exposeInMainWorld("api"');

      const main = readFileSync(join(out, 'main/index.js'), 'utf8');
      expect(main).toMatch(/^import .* from "electron";$/m);
      expect(main).toContain('requestSingleInstanceLock');
      const chunks = readdirSync(join(out, 'main/chunks')).map((f) => readFileSync(join(out, 'main/chunks', f), 'utf8'));
      expect(chunks.some((c) => c.includes('startSimulator'))).toBe(true);
      // The core finds its workers beside its own code or one folder up from a chunk (worker-entry.ts).
      const code = [main, ...chunks].join('\n');
      expect(code).toContain('"workbook-worker"');
      expect(code).toContain('"lead-reader-worker"');
      expect(code).toContain('"checkpoint-worker"');
      expect(code).toContain('"remap-worker"');
      expect(code).toContain('"phone-index-worker"');
      const worker = new Worker(join(out, 'main/workbook-worker.js'));
      // It loads from the bundle and answers (here: a file that is not there).
      const reply = await new Promise<{ id: number; type: string }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ id: 1, type: 'inspect', path: join(out, 'missing.xlsx'), options: {} });
      });
      expect(reply).toMatchObject({ id: 1, type: 'error' });
      await worker.terminate();
      const reader = new Worker(join(out, 'main/lead-reader-worker.js'));
      const readReply = await new Promise<{ type: string; code?: string }>((resolve, reject) => {
        reader.once('message', resolve);
        reader.once('error', reject);
        const taken = new Int32Array(new SharedArrayBuffer(4));
        reader.postMessage({ path: join(out, 'missing.csv'), options: {}, taken });
      });
      expect(readReply).toMatchObject({ type: 'error', code: 'no-file' });
      await reader.terminate();
      // The re-mapping worker loads from the bundle and answers (here: asked for a summary before any job).
      const remap = new Worker(join(out, 'main/remap-worker.js'));
      const remapReply = await new Promise<{ type: string; message?: string }>((resolve, reject) => {
        remap.once('message', resolve);
        remap.once('error', reject);
        remap.postMessage({ type: 'summary' });
      });
      expect(remapReply).toEqual({ type: 'error', message: 'remap worker: summary before start' });
      await remap.terminate();
      // The phone index's worker loads from the bundle and answers (here: a job store that is not there).
      const phones = new Worker(join(out, 'main/phone-index-worker.js'));
      const phonesReply = await new Promise<{ type: string; message?: string }>((resolve, reject) => {
        phones.once('message', resolve);
        phones.once('error', reject);
        phones.postMessage({
          file: join(out, 'missing.sqlite'),
          jobId: '1',
          headers: [],
          mapping: { fields: {}, constants: {}, phoneFields: [] },
          options: {},
          expected: 0,
        });
      });
      expect(phonesReply).toMatchObject({ type: 'error', message: expect.stringMatching(/unable to open/) });
      await phones.terminate();

      const html = readFileSync(join(out, 'renderer/index.html'), 'utf8');
      expect(html).toContain(
        `<meta http-equiv="Content-Security-Policy" content="${cspMetaContent(CONTENT_SECURITY_POLICY)}" />`,
      );
      expect(html).toContain('<div id="root">');
      expect(html).not.toMatch(/<script>(?!<\/script>)/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
