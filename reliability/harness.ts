/**
 * Shared pieces of the reliability suite: sizes by scale, a CLI child process, the key that must never
 * leak, and checks on the simulator's state (what the server stored, not what the client believes).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../simulator/faults.ts';
import type { Simulator } from '../simulator/server.ts';

export const FULL = process.env.RELIABILITY_SCALE === 'full';
export const SCALE = FULL
  ? { kills: 10, killLeads: 5000, faultLeads: 3000, loadJobs: 5, loadLeads: 20_000 }
  : { kills: 3, killLeads: 1500, faultLeads: 800, loadJobs: 5, loadLeads: 2000 };

export const KEY = 'reliability-secret-key-7d1e';
export const ROOT = mkdtempSync(join(tmpdir(), 'reliability-'));
const repo = join(import.meta.dirname, '..');

let counter = 0;
export const freshDir = (label: string) => join(ROOT, `${label}-${counter++}`);

export function leadsFile(count: number, offset: number, label: string): string {
  const lines = ['Name,FirstPhone,njExternalLeadId'];
  for (let i = 0; i < count; i++) lines.push(`Lead ${offset + i},04${String(offset + i).padStart(8, '0')},R${offset + i}`);
  const path = join(ROOT, `${label}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [join(repo, 'electron/cli/main.ts'), ...args], {
    cwd: repo,
    env: {
      ...process.env,
      NOOJEE_API_KEY: KEY,
      NOOJEE_BACKOFF_BASE_MS: '20',
      NOOJEE_MAINTENANCE_COOLDOWN_MS: '300',
      NOOJEE_REQUEST_TIMEOUT_MS: '2000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<CliRun>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export const runCli = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnCli(args, env).done;

export const lastJson = (run: CliRun) => JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');

export { uploadArgs } from '../electron/cli/testing/upload-args.ts';

/** How many times each external id of [offset, offset+count) is stored: every lead exactly once is the promise. */
export function storedCounts(
  sim: Simulator,
  offset: number,
  count: number,
): { missing: number; duplicated: number; stored: number } {
  const times = new Map<string, number>();
  for (const lead of sim.state().campaigns['41']?.leads ?? [])
    times.set(lead.njExternalLeadId, (times.get(lead.njExternalLeadId) ?? 0) + 1);
  let missing = 0;
  let duplicated = 0;
  for (let i = offset; i < offset + count; i++) {
    const n = times.get(`R${i}`) ?? 0;
    if (n === 0) missing++;
    if (n > 1) duplicated++;
  }
  return { missing, duplicated, stored: [...times.values()].reduce((a, b) => a + b, 0) };
}

/** Every file under a folder that contains the secret. */
export function filesContaining(dir: string, secret: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => readFileSync(file).includes(secret));
}

/** A seeded random source, so a run that fails can be repeated exactly (the simulator's own PRNG). */
export const seeded = mulberry32;

export const figures: Record<string, unknown> = {};
