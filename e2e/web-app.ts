import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@playwright/test';

/**
 * Starts browser mode as a real child process (`node electron/web/main.ts`) with its own data dir, and
 * reads the URL it prints. Each test file gets a fresh app so tests never share state.
 */
export interface RunningWebApp {
  url: string;
  openUrl: string;
  token: string;
  dataDir: string;
  output: () => string;
  /** Stops the server; its data dir is removed unless `keepData` (to start it again on the same data). */
  stop(keepData?: boolean): Promise<void>;
}

export async function startWebApp(
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = {},
  existingDataDir?: string,
): Promise<RunningWebApp> {
  const dataDir = existingDataDir ?? mkdtempSync(join(tmpdir(), 'noojee-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['electron/web/main.ts', '--port', '0', '--data-dir', dataDir, ...extraArgs],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const openUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not start in time:\n${output}`)), 20_000);
    const onData = () => {
      const match = output.match(/open (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited with ${code}:\n${output}`));
    });
  });
  const url = openUrl.replace(/\/#token=.*$/, '');
  const token = openUrl.replace(/^.*#token=/, '');
  return {
    url,
    openUrl,
    token,
    dataDir,
    output: () => output,
    async stop(keepData = false) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The browser-mode app of one spec file: started before its first test and stopped after its last, so that
 * files never share state. The object stands for the app once started (using it before then is a mistake
 * the message names).
 */
export function webAppForFile(): RunningWebApp {
  let started: RunningWebApp | undefined;
  test.beforeAll(async () => {
    started = await startWebApp();
  });
  test.afterAll(async () => {
    await started?.stop();
  });
  return new Proxy({} as RunningWebApp, {
    get(_target, key) {
      if (!started) throw new Error('the web app starts in beforeAll: use it inside a test');
      return started[key as keyof RunningWebApp];
    },
  });
}
