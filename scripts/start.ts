/**
 * `npm start`: the desktop app. Where no Electron runtime can be had (its binary cannot be downloaded on
 * this machine), says so in one line and starts the same app in browser mode instead.
 */
import { spawnSync } from 'node:child_process';
import { findElectronRuntime } from './electron-runtime.ts';
import { runBrowserMode } from './web.ts';

const runtime = findElectronRuntime();
if (runtime.ok) {
  const build = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const app = spawnSync(runtime.path, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(app.status ?? 0);
} else {
  console.log(`No Electron runtime here (${runtime.reason}): starting the app in browser mode instead.`);
  runBrowserMode(process.argv.slice(2));
}
