/**
 * Run inside a mount namespace whose data folder is a small tmpfs (see hardening.reliability.test.ts):
 * an upload whose disk fills while it sends, then a resume once space is freed. Prints one JSON line.
 * Arguments: <dataDir> <leads file> <server url> <leads stored before the disk fills>
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const [dataDir, file, server, fillAfter] = process.argv.slice(2);
const cli = join(import.meta.dirname, '../electron/cli/main.ts');

function run(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return { child, done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr }))) };
}

async function storedOnServer(): Promise<number> {
  const state = (await (await fetch(`${server}/__sim/state`)).json()) as { campaigns: Record<string, { count: number }> };
  return state.campaigns['41']?.count ?? 0;
}

/** Fills the disk to the last byte with one file; returns its path. */
function fillDisk(): string {
  const path = join(dataDir, '..', 'filler.bin');
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (let size = block.length; size >= 1; size = Math.floor(size / 2)) {
      try {
        while (true) writeSync(fd, block, 0, size);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

const target = ['--server', server, '--template', '41', '--campaign', '41', '--allocation', '38'];
const upload = run(['upload', file, ...target, '--data-dir', dataDir, '--json', '--batch-size', '20', '--concurrency', '1']);
while ((await storedOnServer()) < Number(fillAfter) && upload.child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
const filler = fillDisk();
const stopped = await upload.done;
rmSync(filler);
const resumed = await run(['resume', '--data-dir', dataDir, '--json']).done;
process.stdout.write(`${JSON.stringify({ stopped, resumed })}\n`);
