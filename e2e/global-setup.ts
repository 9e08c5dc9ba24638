import { existsSync, mkdirSync } from 'node:fs';

/** The suite drives the built renderer: `npm run test:e2e` builds it first. */
export default function globalSetup() {
  if (!existsSync('out/renderer/index.html')) {
    throw new Error('out/renderer is missing: run "npm run build:renderer" (npm run test:e2e does this).');
  }
  mkdirSync('e2e/artifacts', { recursive: true });
}
