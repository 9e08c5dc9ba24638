/**
 * What the CLI's tests share: a temporary folder, simulators closed after each test, and `cli(args)`, which
 * runs the command in this process with the key in the environment and returns its exit code, its lines
 * and its last line read as JSON. Only tests import this folder (the layer rules say so).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import type { SimulatorOptions } from '../../../simulator/options.ts';
import { type Simulator, startSimulator } from '../../../simulator/server.ts';
import { main } from '../main.ts';

/** The last line of stdout as JSON (what --json prints), when it is JSON; loosely typed, as tests read any field. */
const lastJson = (out: string[]) => {
  try {
    return out.length ? JSON.parse(out.at(-1) as string) : undefined;
  } catch {
    return undefined;
  }
};

/** Every file below `dir`, for searching a data folder for the key. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/**
 * Sets up one test file: `key` is the API key in the environment of every run (and of the simulators),
 * `env` more variables (shorter backoffs). Registers the hooks that clean up after each test and the file.
 */
export function cliHarness(input: { prefix: string; key: string; env?: Record<string, string> }) {
  const root = mkdtempSync(join(tmpdir(), `${input.prefix}-`));
  const running: Simulator[] = [];
  let dirCount = 0;
  afterEach(async () => {
    for (const sim of running.splice(0)) await sim.close();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  return {
    root,
    /** A data folder no run has used yet. */
    freshDir: () => join(root, `data-${dirCount++}`),

    /** Writes `text` to `name` in the test folder and returns its path. */
    file(name: string, text: string): string {
      const path = join(root, name);
      writeFileSync(path, text);
      return path;
    },

    /** A simulator for this test, with the harness's key unless told otherwise; closed after the test. */
    async simulator(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
      const sim = await startSimulator({ port: 0, apiKey: input.key, ...options });
      running.push(sim);
      return sim;
    },

    /** Runs the command in this process: its exit code, its lines, and its last line read as JSON. */
    async cli(args: string[], env: Record<string, string> = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const saved = { ...process.env };
      Object.assign(process.env, { NOOJEE_API_KEY: input.key, ...input.env, ...env });
      try {
        const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), progress: () => {} });
        return { code, out, err, json: lastJson(out) };
      } finally {
        process.env = saved;
      }
    },
  };
}

export { uploadArgs } from './upload-args.ts';
