import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { cspMetaTag } from './electron/main/security.ts';
import { CONTENT_SECURITY_POLICY } from './shared/csp.ts';

/**
 * The packaged renderer is loaded from file://, which has no response headers: the Content-Security-Policy
 * goes into index.html as a meta tag. Build only: the dev server needs React's inline refresh preamble.
 */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'noojee-csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      handler: (html) => html.replace('<head>', `<head>\n    ${cspMetaTag(CONTENT_SECURITY_POLICY)}`),
    },
  };
}

/**
 * `npm run build`: main (ESM: Electron 45 loads an ES module main when package.json says "type": "module"),
 * the sandboxed preload (CommonJS, the only format a sandboxed preload may be) and the renderer, into out/.
 * The simulator (plain TypeScript over node:) is imported dynamically by main and so lands in a chunk of
 * out/main, which is what "Try the demo server" starts. The workbook, lead reader, re-mapping, phone index and checkpoint workers are
 * entries of their own, so that parsing runs off main's event loop in the packaged app too.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      emptyOutDir: true,
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          // The workbook reader's worker thread: the core looks for workbook-worker.js beside its own code.
          'workbook-worker': resolve('electron/core/ingest/workbook-worker.ts'),
          // The lead reader's worker thread: reads, maps and validates text files beside the store's writes.
          'lead-reader-worker': resolve('electron/core/jobs/lead-reader-worker.ts'),
          // The re-mapping worker thread: a stored job's rows checked again by a new mapping (jobs/remap.ts).
          'remap-worker': resolve('electron/core/jobs/remap-worker.ts'),
          // The phone index of a job's corrections, built off the main thread (jobs/phone-index.ts).
          'phone-index-worker': resolve('electron/core/jobs/phone-index-worker.ts'),
          // Copies the job store's log into the database after an import, off the app's thread.
          'checkpoint-worker': resolve('electron/core/store/checkpoint-worker.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but 'electron': bundle what it uses (the contract's names) into it.
      externalizeDeps: false,
      outDir: 'out/preload',
      emptyOutDir: true,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      outDir: 'out/renderer',
      emptyOutDir: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
