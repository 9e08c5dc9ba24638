/**
 * The hardening cases: two processes on one data folder, a disk that fills while sending, a server that
 * answers 100 MB or web pages, and requests meant to end browser mode.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../simulator/server.ts';
import { FULL, freshDir, KEY, lastJson, leadsFile, ROOT, runCli, spawnCli, storedCounts, uploadArgs } from './harness.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const report: string[] = [];
afterAll(() => console.log(`hardening (${FULL ? 'full' : 'small'} scale):\n  ${report.join('\n  ')}`));
const repo = join(import.meta.dirname, '..');
const LEADS = FULL ? 5000 : 1500;

/** A mount namespace with a private tmpfs is available (Linux, unprivileged user namespaces). */
const canMountTmpfs =
  process.platform === 'linux' &&
  spawnSync('unshare', ['-rm', 'sh', '-c', `mount -t tmpfs -o size=1m tmpfs "${ROOT}"`]).status === 0;

/** Peak resident memory of a running child, read from /proc until it exits (MB). */
function peakRss(pid: number | undefined): () => number {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
    } catch {
      clearInterval(timer);
    }
  }, 20);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

describe('one writer per data folder', () => {
  it('a second upload or resume on a folder in use exits 2 naming the holder; every lead is stored once', async () => {
    // Slow enough calls that the first upload is still sending while the others start.
    sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 80, perLeadMs: 0.02 });
    const offset = 20_000_000;
    const file = leadsFile(LEADS, offset, 'concurrent');
    const dataDir = freshDir('concurrent');
    // With duplicates allowed the server would keep a second copy of any lead sent twice.
    const first = spawnCli(uploadArgs(file, dataDir, sim, ['--batch-size', '20', '--concurrency', '1', '--allow-duplicates']));
    while ((sim.state().campaigns['41']?.count ?? 0) < 100 && first.child.exitCode === null)
      await new Promise((r) => setTimeout(r, 5));
    const [second, resumed] = await Promise.all([
      runCli(uploadArgs(file, dataDir, sim, ['--allow-duplicates'])),
      runCli(['resume', '--data-dir', dataDir, '--json']),
    ]);
    const told = `noojee-upload: another upload is using this data folder (pid ${first.child.pid}): wait for it to finish, or add --wait-for-lock`;
    for (const refused of [second, resumed]) {
      expect(refused.code).toBe(2);
      expect(refused.stderr.trim()).toBe(told);
    }
    const waited = spawnCli(['resume', '1', '--data-dir', dataDir, '--json', '--wait-for-lock']);
    const done = await first.done;
    expect(done.code, done.stderr).toBe(0);
    const after = await waited.done;
    expect(after.stderr).toContain(`waiting: another upload is using this data folder (pid ${first.child.pid})`);
    expect(lastJson(after)).toMatchObject({ state: 'done', imported: LEADS, pending: 0 });
    expect(storedCounts(sim, offset, LEADS)).toEqual({ missing: 0, duplicated: 0, stored: LEADS });
    report.push(`two processes on one folder: the second and a resume refused (exit 2), ${LEADS} leads stored once each`);
  }, 120_000);

  it('after kill -9 of the holder, the next process takes the folder at once and resumes', async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 15, perLeadMs: 0.02 });
    const offset = 21_000_000;
    const file = leadsFile(LEADS, offset, 'stale-lock');
    const dataDir = freshDir('stale-lock');
    const first = spawnCli(uploadArgs(file, dataDir, sim, ['--batch-size', '50']));
    while ((sim.state().campaigns['41']?.count ?? 0) < 200 && first.child.exitCode === null)
      await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    await first.done;
    expect(readFileSync(join(dataDir, 'lock.pid'), 'utf8').trim()).toBe(String(first.child.pid));
    const resumed = await runCli(['resume', '--data-dir', dataDir, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(storedCounts(sim, offset, LEADS)).toMatchObject({ missing: 0, duplicated: 0 });
    report.push('kill -9 of the holder: no stale lock, resume delivered every lead once');
  }, 120_000);
});

describe.skipIf(!canMountTmpfs)('a full or read-only disk (a private tmpfs; needs unshare)', () => {
  it('the disk fills while sending: one line, exit 3; once space is freed, resume delivers every lead once', async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 20, perLeadMs: 0 });
    const offset = 22_000_000;
    const count = 3000;
    const file = leadsFile(count, offset, 'full-disk');
    const mount = freshDir('full-disk');
    mkdirSync(mount);
    const scenario = join(repo, 'reliability/full-disk-scenario.ts');
    const child = spawn(
      'unshare',
      [
        '-rm',
        'sh',
        '-c',
        `mount -t tmpfs -o size=6m tmpfs "${mount}" && mkdir "${mount}/data" && exec "${process.execPath}" "${scenario}" "${mount}/data" "${file}" "${sim.url}" 500`,
      ],
      { env: { ...process.env, NOOJEE_API_KEY: KEY, NOOJEE_BACKOFF_BASE_MS: '20' }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    await new Promise((r) => child.on('exit', r));
    const { stopped, resumed } = JSON.parse(out);
    expect(stopped.code).toBe(3);
    expect(stopped.stderr).toBe(
      'Stopped: the disk that holds the data folder is full: free some space, then resume the job (nothing already stored is lost).\n',
    );
    expect(JSON.parse(stopped.stdout)).toMatchObject({ state: 'incomplete' });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ state: 'done', imported: count, pending: 0 });
    expect(storedCounts(sim, offset, count)).toEqual({ missing: 0, duplicated: 0, stored: count });
    report.push(
      `disk full while sending: exit 3 with one line after ${JSON.parse(stopped.stdout).imported} leads; resume stored all ${count} once`,
    );
  }, 120_000);

  it('a data folder on a read-only disk: exit 2 with a plain message', () => {
    const mount = freshDir('read-only');
    mkdirSync(mount);
    const cli = join(repo, 'electron/cli/main.ts');
    const run = spawnSync(
      'unshare',
      [
        '-rm',
        'sh',
        '-c',
        `mount -t tmpfs -o size=1m,ro tmpfs "${mount}" && exec "${process.execPath}" "${cli}" resume --data-dir "${mount}"`,
      ],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`noojee-upload: the data folder ${mount} cannot be used: it is on a read-only disk\n`);
  });
});

describe('hostile servers', () => {
  it('a 100 MB reply: a failed batch, bounded memory, an excerpt stored, and the give-up says what came', async () => {
    const chunk = Buffer.alloc(1 << 20, 0x7a);
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"code":0,"message":"Imported 1 Updated 0 Rejected 0 leads.');
      let sent = 0;
      const more = () => {
        while (sent < 100 && res.write(chunk)) sent++;
        if (sent >= 100) res.end('"}');
        else res.once('drain', more);
      };
      res.on('close', () => {
        sent = 100;
      });
      more();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const file = leadsFile(40, 23_000_000, 'hostile');
    const dataDir = freshDir('hostile');
    try {
      const upload = spawnCli(uploadArgs(file, dataDir, { url }, ['--batch-size', '20', '--give-up-after', '0.05']));
      const peak = peakRss(upload.child.pid);
      const run = await upload.done;
      const peakMb = peak();
      expect(run.code).toBe(3);
      expect(run.stderr).toContain("the server's last answer: the server's reply was larger than 4 MB");
      const stored = readdirSync(dataDir)
        .filter((f) => f.startsWith('jobs.sqlite'))
        .reduce((sum, f) => sum + statSync(join(dataDir, f)).size, 0);
      expect(stored).toBeLessThan(8 << 20);
      expect(peakMb).toBeLessThan(400);
      report.push(`100 MB replies: exit 3, peak ${Math.round(peakMb)} MB, job store ${(stored / (1 << 20)).toFixed(1)} MB`);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }, 60_000);
});

describe('browser mode against hostile requests', () => {
  it('a request for a folder, malformed escapes and a fuzz of paths: answers only, the process stays up', async () => {
    const staticDir = freshDir('static');
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(staticDir, 'assets', 'app.js'), '1');
    const child = spawn(
      process.execPath,
      [join(repo, 'electron/web/main.ts'), '--data-dir', freshDir('web'), '--static-dir', staticDir, '--port', '0'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    try {
      while (!/open http:\/\/127\.0\.0\.1:(\d+)\/#token=/.test(out)) await new Promise((r) => setTimeout(r, 20));
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
      const get = (path: string, method = 'GET') =>
        new Promise<number>((resolve) => {
          const req = httpRequest({ host: '127.0.0.1', port, path, method, headers: { Host: `127.0.0.1:${port}` } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', () => resolve(0));
          req.end();
        });
      expect(await get('/assets/')).toBe(404);
      expect(await get('/assets')).toBe(404);
      expect(await get('/%E0%A4%A')).toBe(400);
      const pieces = ['assets', '..', '%', '%2e', '%00', '/', '//', 'api', 'events', 'download', 'index.html', '%ff'];
      let requests = 0;
      for (let i = 0; i < 200; i++) {
        const path = `/${Array.from({ length: 1 + (i % 5) }, (_, k) => pieces[(i * 7 + k * 3) % pieces.length]).join('/')}`;
        await get(path, i % 3 === 0 ? 'POST' : 'GET');
        requests++;
      }
      expect(child.exitCode).toBeNull();
      expect(await get('/assets/app.js')).toBe(200);
      report.push(`browser mode: a folder request, malformed escapes and ${requests} fuzzed paths answered; still up`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 60_000);
});
