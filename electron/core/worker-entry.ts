/**
 * Where a worker thread's code is: beside the module that starts it, as .ts when run from source, as
 * .js in a bundle (electron.vite.config.ts emits each worker as an entry beside main's index.js, and
 * the module asking may sit in a chunks/ folder one level below). Undefined when there is none, and the
 * caller then does the work on its own thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function findWorkerEntry(name: string, from: string): URL | undefined {
  for (const candidate of [`./${name}.ts`, `./${name}.js`, `../${name}.js`]) {
    const url = new URL(candidate, from);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}
