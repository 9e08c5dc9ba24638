import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 as seeded } from '../../simulator/faults.ts';
import { MAX_JSON_BYTES, startWebServer, type WebServer } from './server.ts';

const dir = mkdtempSync(join(tmpdir(), 'web-server-'));
const staticDir = join(dir, 'static');
const dataDir = join(dir, 'data');
let web: WebServer;
const internalErrors: unknown[] = [];

beforeAll(async () => {
  mkdirSync(join(staticDir, 'assets', 'nested'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  mkdirSync(join(dataDir, 'exports', 'a-folder'), { recursive: true });
  writeFileSync(join(dataDir, 'exports', 'rejected.csv'), 'Name\nBob\n');
  web = await startWebServer({
    handlers: { getAppInfo: async () => ({ version: 't', mode: 'browser' }) as never },
    staticDir,
    dataDir,
    maxUploadBytes: 64 * 1024,
    onInternalError: (error) => internalErrors.push(error),
  });
});
afterAll(async () => {
  await web.close();
  rmSync(dir, { recursive: true, force: true });
});

const auth = () => ({ 'X-Noojee-Token': web.token });

/** A raw request: the path is sent exactly as given, as a hostile page or tool could. */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: web.port, method, path, headers: { Host: `127.0.0.1:${web.port}`, ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('browser mode server', () => {
  it('answers 404 for a folder, a missing file or a path outside the app, and serves files', async () => {
    expect(await raw('GET', '/assets/')).toBe(404);
    expect(await raw('GET', '/assets')).toBe(404);
    expect(await raw('GET', '/assets/nested/')).toBe(404);
    expect(await raw('GET', '/no-such-file.js')).toBe(404);
    expect(await raw('GET', '/../data/exports/rejected.csv')).toBe(404);
    expect(await raw('GET', '/%2e%2e/%2e%2e/etc/passwd')).toBe(404);
    expect(await raw('GET', '/assets/app.js')).toBe(200);
    expect(await raw('GET', '/')).toBe(200);
  });

  it('answers 400 to a malformed % escape', async () => {
    expect(await raw('GET', '/%E0%A4%A')).toBe(400);
    expect(await raw('GET', '/assets/%zz.js')).toBe(400);
  });

  it('takes the token from its header only; events and downloads take a one-time ticket', async () => {
    expect(await raw('POST', `/api/call/getAppInfo?token=${web.token}`, { 'Content-Type': 'application/json' })).toBe(401);
    expect(await raw('GET', `/api/download?file=rejected.csv&token=${web.token}`)).toBe(401);
    expect(await raw('POST', '/api/call/getAppInfo', auth())).toBe(200);

    const ticket = async (purpose: string) => {
      const response = await fetch(`${web.url}/api/ticket?for=${purpose}`, { method: 'POST', headers: auth() });
      return ((await response.json()) as { value: { ticket: string } }).value.ticket;
    };
    const download = await ticket('download');
    expect(await raw('GET', `/api/download?file=rejected.csv&ticket=${download}`)).toBe(200);
    expect(await raw('GET', `/api/download?file=rejected.csv&ticket=${download}`)).toBe(401);
    expect(await raw('GET', `/api/download?file=a-folder&ticket=${await ticket('download')}`)).toBe(404);
    // A ticket opens only what it was bought for.
    expect(await raw('GET', `/api/download?file=rejected.csv&ticket=${await ticket('events')}`)).toBe(401);
    const events = await fetch(`${web.url}/api/events?ticket=${await ticket('events')}`);
    expect(events.status).toBe(200);
    await events.body?.cancel();
  });

  it('answers 413 to a call body over its limit, and the connection gives the answer, not a reset', async () => {
    const big = Buffer.alloc(MAX_JSON_BYTES + 12 * 1024 * 1024, 0x20);
    expect(await raw('POST', '/api/call/getAppInfo', { ...auth(), 'Content-Type': 'application/json' }, big)).toBe(413);
    // Sent without a declared length (chunked), as a stream that only shows its size as it goes.
    const chunked = await fetch(`${web.url}/api/call/getAppInfo`, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('refuses an upload over the limit with 413 and keeps no part of it', async () => {
    const response = await fetch(`${web.url}/api/upload?name=big.csv`, {
      method: 'POST',
      headers: auth(),
      body: Buffer.alloc(200 * 1024, 0x41),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /larger than 64 MB|the most browser mode accepts/,
    );
    const streamed = await fetch(`${web.url}/api/upload?name=big.csv`, {
      method: 'POST',
      headers: auth(),
      body: new Blob([Buffer.alloc(200 * 1024, 0x41)]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(readdirSync(join(dataDir, 'uploads'))).toEqual([]);
    const small = await fetch(`${web.url}/api/upload?name=small.csv`, { method: 'POST', headers: auth(), body: 'Name\nBob\n' });
    expect(small.status).toBe(200);
  });

  it('survives a fuzz of hostile requests: each gets an answer or a closed connection, the server stays up', async () => {
    const random = seeded(20261130);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const pieces = [
      '/',
      'assets',
      '..',
      '%',
      '%2',
      '%00',
      '%2f',
      '%ff',
      '.',
      '//',
      '\\',
      'index.html',
      'api',
      'call',
      'events',
      'download',
      'upload',
      'ticket',
      '?',
      '#',
      '&',
      '=',
      'token',
      'ticket=',
      '%E0%A4%A',
      'nested',
      '\u00e9',
    ];
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];
    for (let i = 0; i < 300; i++) {
      let path = '/';
      const n = 1 + Math.floor(random() * 6);
      for (let k = 0; k < n; k++) path += pick(pieces);
      const headers: Record<string, string> = random() < 0.5 ? auth() : {};
      if (random() < 0.3) headers['Content-Type'] = pick(['application/json', 'text/plain', 'multipart/form-data']);
      const body = random() < 0.4 ? Buffer.from(pick(['{', '{"a":', 'null', '[]', '\u0000\u0001', '{"jobId":"x"}'])) : undefined;
      const status = await raw(pick(methods), encodeURI(path).replace(/%25/g, '%'), headers, body).catch(() => 0);
      expect(status === 0 || (status >= 200 && status < 600)).toBe(true);
    }
    // Garbage that is not HTTP at all.
    await new Promise<void>((resolve) => {
      const socket = connect(web.port, '127.0.0.1', () => socket.end('GARBAGE / HTTP/9\r\n\r\n\u0000\u0000'));
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
      socket.resume();
    });
    expect(await raw('GET', '/assets/app.js')).toBe(200);
    expect(await raw('POST', '/api/call/getAppInfo', auth())).toBe(200);
    expect(internalErrors).toEqual([]);
  });
});
