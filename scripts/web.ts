/**
 * `npm run web`: builds the renderer when its build is missing or older than its sources, then starts
 * browser mode (electron/web/main.ts), passing the arguments through.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const built = 'out/renderer/index.html';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function rendererNeedsBuild(): boolean {
  if (!existsSync(built)) return true;
  const sources = Math.max(newestMtime('renderer'), newestMtime('shared'));
  return sources > statSync(built).mtimeMs;
}

export function buildRenderer(): void {
  const result = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}

export function runBrowserMode(args: string[]): never {
  if (rendererNeedsBuild()) buildRenderer();
  const result = spawnSync(process.execPath, ['electron/web/main.ts', ...args], { stdio: 'inherit' });
  process.exit(result.status ?? 0);
}

if (import.meta.main) runBrowserMode(process.argv.slice(2));
