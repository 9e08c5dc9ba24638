/** Helpers shared by the benchmark probes: each probe runs in its own process and prints one JSON line. */
import { spawn } from 'node:child_process';

export const peakRssMB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

export function report(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Runs `node <script> ...args` and returns the JSON object of its last stdout line. */
export async function runProbe<T>(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<T> {
  const child = spawn(process.execPath, [script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const last = out.trim().split('\n').pop() ?? '';
  if (code !== 0) throw new Error(`${script} exited with ${code}: ${last}`);
  return JSON.parse(last) as T;
}
