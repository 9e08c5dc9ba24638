/**
 * Finds the Electron binary without triggering the electron package's download-on-require
 * (the download cannot work on machines without access to Electron's release host).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronRuntime = { ok: true; path: string } | { ok: false; reason: string };

export function findElectronRuntime(): ElectronRuntime {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed (run npm ci)' };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      ok: false,
      reason: 'the electron package has no binary on this machine, and it cannot be downloaded here',
    };
  }
  const relativePath = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  const binary = join(dist, relativePath);
  if (!existsSync(binary)) return { ok: false, reason: `the Electron binary ${binary} is missing` };
  return { ok: true, path: binary };
}
