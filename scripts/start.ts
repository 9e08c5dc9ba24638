/**
 * `npm start`: the desktop app. Where no working Electron runtime can be had (its binary cannot be
 * downloaded on some machines), says why in one line and starts the same app in browser mode instead
 * (scripts/web.ts: builds the renderer if needed, then electron/web/main.ts --demo).
 */
import { spawnSync } from 'node:child_process';
import { type ElectronRuntime, findElectronRuntime } from './electron-runtime.ts';
import { runBrowserMode } from './web.ts';

export type Launch = { mode: 'electron'; binary: string } | { mode: 'browser'; line: string };

/** `electron --version` as plain Node: proves the binary starts here (e.g. its shared libraries are present). */
export function probeElectron(binary: string): { ok: true } | { ok: false; reason: string } {
  const run = spawnSync(binary, ['--version'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (run.error) return { ok: false, reason: `the Electron binary does not start (${run.error.message})` };
  if (run.status !== 0) {
    const detail = (run.stderr || run.stdout).trim().split('\n')[0] || `exit code ${run.status}`;
    return { ok: false, reason: `the Electron binary does not start (${detail})` };
  }
  return { ok: true };
}

export function chooseLaunch(runtime: ElectronRuntime, probe: (binary: string) => ReturnType<typeof probeElectron>): Launch {
  const why = (reason: string) => `No Electron runtime here (${reason}): starting browser mode.`;
  if (!runtime.ok) return { mode: 'browser', line: why(runtime.reason) };
  const probed = probe(runtime.path);
  return probed.ok ? { mode: 'electron', binary: runtime.path } : { mode: 'browser', line: why(probed.reason) };
}

function launchElectron(binary: string, args: string[]): never {
  const build = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // ELECTRON_RUN_AS_NODE from a parent shell would start Node instead of the app.
  const { ELECTRON_RUN_AS_NODE: _, ...env } = process.env;
  const app = spawnSync(binary, ['.', ...args], { stdio: 'inherit', env });
  process.exit(app.status ?? 0);
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const launch = chooseLaunch(findElectronRuntime(), probeElectron);
  if (launch.mode === 'electron') launchElectron(launch.binary, args);
  console.log(launch.line);
  runBrowserMode(args.includes('--demo') ? args : ['--demo', ...args]);
}
