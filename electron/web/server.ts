import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, normalize, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { EventName, EventPayload } from '../../shared/contract.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import { dispatch } from '../core/dispatch.ts';
import type { Handlers } from '../core/handlers/types.ts';
import { redact } from '../core/redact.ts';
import { createUploads, parseUploadQuery, UploadError } from './uploads.ts';

/**
 * Browser mode: the renderer's contract served over loopback HTTP.
 * Guards: binds 127.0.0.1 only; every API call needs the per-launch token; Host must be our own
 * address (DNS rebinding) and Origin, when sent, our own origin.
 */
export interface WebServerOptions {
  handlers: Partial<Handlers>;
  /** Built renderer (index.html and assets). */
  staticDir: string;
  /** Where uploaded files land; exports are served from `<dataDir>/exports` only. */
  dataDir: string;
  port?: number;
  token?: string;
  onInternalError?: (error: unknown) => void;
}

export interface WebServer {
  url: string;
  /** URL to open in a browser: carries the token in the fragment, which browsers never send to servers. */
  openUrl: string;
  token: string;
  port: number;
  emit<K extends EventName>(event: K, payload: EventPayload<K>): void;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const MAX_JSON_BYTES = 8 * 1024 * 1024;

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const staticRoot = resolve(options.staticDir);
  const uploads = createUploads(join(options.dataDir, 'uploads'));
  const exportDir = resolve(options.dataDir, 'exports');
  const listeners = new Set<ServerResponse>();
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const tokenOk = (req: IncomingMessage, url: URL): boolean => {
    const given = String(req.headers['x-noojee-token'] ?? url.searchParams.get('token') ?? '');
    const bytes = Buffer.from(given);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(text);
  };

  const server = createServer(async (req, res) => {
    try {
      const host = String(req.headers.host ?? '');
      if (!allowedHosts().has(host))
        return send(res, 403, { ok: false, error: { code: 'forbidden-host', message: 'Wrong Host header.' } });
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigins().has(origin)) {
        return send(res, 403, { ok: false, error: { code: 'forbidden-origin', message: 'Cross-origin calls are refused.' } });
      }
      const url = new URL(req.url ?? '/', `http://${host}`);
      if (url.pathname.startsWith('/api/')) {
        if (!tokenOk(req, url))
          return send(res, 401, { ok: false, error: { code: 'unauthorised', message: 'Missing or wrong token.' } });
        return await handleApi(req, res, url);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, 405, { ok: false, error: { code: 'method', message: 'Method not allowed.' } });
      return serveStatic(res, url.pathname);
    } catch (error) {
      options.onInternalError?.(error);
      if (!res.headersSent)
        send(res, 500, { ok: false, error: { code: 'internal', message: redact(String((error as Error)?.message ?? error)) } });
      else res.destroy();
    }
  });

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL) {
    const path = url.pathname;
    if (path === '/api/events' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    if (path === '/api/upload' && req.method === 'POST') {
      try {
        return send(res, 200, { ok: true, value: await uploads.receive(req, parseUploadQuery(url.searchParams)) });
      } catch (error) {
        if (!(error instanceof UploadError)) throw error;
        return send(res, 400, { ok: false, error: { code: 'bad-upload', message: error.message } });
      }
    }
    if (path === '/api/download' && req.method === 'GET') {
      const file = resolve(exportDir, basename(url.searchParams.get('file') ?? ''));
      if (!file.startsWith(exportDir + sep))
        return send(res, 404, { ok: false, error: { code: 'not-found', message: 'No such export.' } });
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        return send(res, 404, { ok: false, error: { code: 'not-found', message: 'No such export.' } });
      }
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': size,
        'Content-Disposition': `attachment; filename="${basename(file).replace(/"/g, '')}"`,
      });
      await pipeline(createReadStream(file), res);
      return;
    }
    const call = path.match(/^\/api\/call\/([A-Za-z]+)$/);
    if (call && req.method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req, MAX_JSON_BYTES)) || '{}');
      } catch (error) {
        return send(res, 400, { ok: false, error: { code: 'bad-request', message: (error as Error).message } });
      }
      const result = await dispatch(options.handlers, call[1], body, options.onInternalError);
      return send(res, 200, result);
    }
    return send(res, 404, { ok: false, error: { code: 'not-found', message: 'No such endpoint.' } });
  }

  function serveStatic(res: ServerResponse, pathname: string) {
    const wanted = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname));
    let file = resolve(staticRoot, `.${wanted}`);
    if (relative(staticRoot, file).startsWith('..')) file = join(staticRoot, 'index.html');
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      file = join(staticRoot, 'index.html');
      try {
        size = statSync(file).size;
      } catch {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('The app is not built yet: run "npm run build:renderer".');
        return;
      }
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Length': size,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    });
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const heartbeat = setInterval(() => {
    for (const res of listeners) res.write(': ping\n\n');
  }, 15_000);
  heartbeat.unref();

  return {
    url,
    openUrl: `${url}/#token=${token}`,
    token,
    port,
    emit(event, payload) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of listeners) res.write(frame);
    },
    async close() {
      clearInterval(heartbeat);
      for (const res of listeners) res.end();
      listeners.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`Request body over ${limit} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
