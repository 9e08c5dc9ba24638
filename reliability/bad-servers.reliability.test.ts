/** Servers and proxies that misbehave: wrong replies, redirects, bad certificates, stalls. */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../simulator/server.ts';
import { FULL, filesContaining, freshDir, KEY, lastJson, leadsFile, ROOT, runCli, uploadArgs } from './harness.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const report: string[] = [];
afterAll(() => console.log(`reliability (${FULL ? 'full' : 'small'} scale):\n  ${report.join('\n  ')}`));

/** A stand-in for a misbehaving server or proxy, on loopback. */
async function badServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0;
  const server = createHttpServer((req, res) => {
    hits++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits: () => hits };
}

describe('bad servers', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });
  const upload = (url: string, extra: string[] = []) =>
    runCli(
      uploadArgs(leadsFile(20, 20_000_000, `bad-server-${Math.random()}`), freshDir('bad-server'), { url }, [
        '--give-up-after',
        '0.03',
        ...extra,
      ]),
      {
        NOOJEE_REQUEST_TIMEOUT_MS: '500',
      },
    );

  it.each([
    [
      'an HTML error page from a proxy',
      (res: ServerResponse) => res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html><body>Bad Gateway</body></html>'),
    ],
    ['a 200 with a body that is not JSON', (res: ServerResponse) => res.writeHead(200).end('Service temporarily unavailable')],
    [
      'a body cut off in the middle',
      (res: ServerResponse) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '200' });
        res.write('{"code":0,"message":"Imported 20 Upd');
        res.socket?.destroy();
      },
    ],
    [
      'a slow-loris reply',
      (res: ServerResponse) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const timer = setInterval(() => res.write(' '), 100);
        res.on('close', () => clearInterval(timer));
      },
    ],
  ])(
    '%s: retried, then left unfinished (exit 3) with nothing lost',
    async (_name, respond) => {
      const bad = await badServer((_req, res) => respond(res));
      servers.push(bad.server);
      const run = await upload(bad.url);
      expect(run.code, run.stderr).toBe(3);
      expect(lastJson(run)).toMatchObject({ state: 'incomplete', pending: 20, imported: 0 });
      expect(bad.hits()).toBeGreaterThan(1);
      expect(run.stdout + run.stderr).not.toContain(KEY);
    },
    60_000,
  );

  it('a reply whose counts do not match its error lines: leads marked for review, raw reply kept', async () => {
    const bad = await badServer((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          code: 0,
          message: 'Imported 18 Updated 0 Rejected 2 leads.\n\nErrors (If any):\n Name,FirstPhone,Error Reason,\nOK',
        }),
      ),
    );
    servers.push(bad.server);
    const run = await upload(bad.url);
    expect(run.code).toBe(1);
    expect(lastJson(run)).toMatchObject({ state: 'done', review: 20 });
  }, 60_000);

  it('a redirect to another host is not followed with the key', async () => {
    const other = await badServer((_req, res) => res.end('{}'));
    servers.push(other.server);
    const redirecting = await badServer((req, res) => res.writeHead(302, { Location: `${other.url}${req.url}` }).end());
    servers.push(redirecting.server);
    const run = await upload(redirecting.url);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/redirect/);
    expect(other.hits()).toBe(0);
  }, 60_000);

  it('a TLS certificate that does not verify is refused with a plain message', async () => {
    const dir = freshDir('tls');
    mkdirSync(dir, { recursive: true });
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    );
    const { readFileSync } = await import('node:fs');
    let hits = 0;
    const tls = createHttpsServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (_req, res) => {
        hits++;
        res.end('{}');
      },
    );
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    servers.push(tls);
    const port = (tls.address() as AddressInfo).port;
    const run = await upload(`https://localhost:${port}`);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/certificate/);
    expect(hits).toBe(0);
    const lists = await runCli(['lists', 'templates', '--server', `https://localhost:${port}`]);
    expect(lists.stderr).toMatch(/certificate problem/);
    report.push(
      'bad servers: HTML page, non-JSON 200, cut-off body, slow-loris (exit 3, nothing lost); count mismatch (review); redirect and self-signed TLS refused (exit 4, key not sent on)',
    );
  }, 60_000);

  it('the key is in no file the runs wrote (data dirs, reports, logs)', () => {
    expect(filesContaining(ROOT, KEY)).toEqual([]);
  });
});
