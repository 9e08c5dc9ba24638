import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('turnOnCompileCache', () => {
  it('gives worker threads started afterwards the same cache folder', () => {
    const folder = mkdtempSync(join(tmpdir(), 'compile-cache-'));
    const script = `
      import { getCompileCacheDir } from 'node:module';
      import { Worker } from 'node:worker_threads';
      import { turnOnCompileCache } from ${JSON.stringify(new URL('./compile-cache.ts', import.meta.url).href)};
      turnOnCompileCache();
      const worker = new Worker(
        "import { parentPort } from 'node:worker_threads'; import { getCompileCacheDir } from 'node:module'; parentPort.postMessage(getCompileCacheDir() ?? 'none');",
        { eval: true },
      );
      worker.on('message', (dir) => { console.log(JSON.stringify({ main: getCompileCacheDir(), worker: dir })); worker.terminate(); });
    `;
    const env = { ...process.env, NODE_COMPILE_CACHE: undefined, TMPDIR: folder };
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const dirs = JSON.parse(run.stdout) as { main: string; worker: string };
    expect(dirs.main).toContain(folder);
    expect(dirs.worker).toBe(dirs.main);
  });
});
