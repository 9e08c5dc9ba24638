/** What the benchmark's sections share: its work folder, generated files, its log and a simulator process. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeBenchCsv } from './generate.ts';

/** Generated files, kept between runs (they take a while to write). */
export const work = join(import.meta.dirname, '.work');
mkdirSync(work, { recursive: true });

export const log = (line: string) => process.stderr.write(`${line}\n`);

export async function csvOf(rows: number): Promise<string> {
  const file = join(work, `leads-${rows}.csv`);
  if (!existsSync(file)) {
    log(`generating ${file}`);
    await writeBenchCsv(file, rows);
  }
  return file;
}

/** A simulator in its own process, so its CPU does not slow the sender being measured. */
export async function simulator(args: string[]): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, '../simulator/main.ts'), '--port', '0', '--api-key', 'bench-key', ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
