import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, type Stats, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, normalize, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { EventName, EventPayload } from '../../shared/contract.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import type { CallResult } from '../../shared/transport.ts';
import { dispatch } from '../core/dispatch.ts';
import type { Handlers } from '../core/handlers/types.ts';
import { redact } from '../core/redact.ts';
import { createTickets } from './tickets.ts';
import { createUploads, DEFAULT_MAX_UPLOAD_BYTES, parseUploadQuery, UploadError, UploadTooLarge } from './uploads.ts';

/**
 * Browser mode: the renderer's contract served over loopback HTTP.
 * Guards: binds 127.0.0.1 only; every API call needs the per-launch token in its X-Noojee-Token header
 * (never in a URL: the event stream and downloads use one-time tickets, tickets.ts); Host must be our own
 * address (DNS rebinding) and Origin, when sent, our own origin. No request, however malformed, can end
 * the process: every failure is an answer (400, 404, 413, 500) to that request alone.
 */
export interface WebServerOptions {
  handlers: Partial<Handlers>;
  /** Built renderer (index.html and assets). */
  staticDir: string;
  /** Where uploaded files land; exports are served from `<dataDir>/exports` only. */
  dataDir: string;
  port?: number;
  token?: string;
  /** Largest file accepted from the browser (default DEFAULT_MAX_UPLOAD_BYTES). */
  maxUploadBytes?: number;
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

export const MAX_JSON_BYTES = 8 * 1024 * 1024;

class BodyTooLarge extends Error {}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const staticRoot = resolve(options.staticDir);
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const uploads = createUploads(join(options.dataDir, 'uploads'), maxUploadBytes);
  const tickets = createTickets();
  const exportDir = resolve(options.dataDir, 'exports');
  const listeners = new Set<ServerResponse>();
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const tokenOk = (req: IncomingMessage): boolean => {
    const given = String(req.headers['x-noojee-token'] ?? '');
    const bytes = Buffer.from(given);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  const send = (res: ServerResponse, status: number, body: CallResult) => {
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
      const url = URL.parse(req.url ?? '/', `http://${host}`);
      if (!url) return send(res, 400, { ok: false, error: { code: 'bad-request', message: 'Malformed request address.' } });
      if (url.pathname.startsWith('/api/')) {
        if (!tokenOk(req) && !ticketed(url))
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

  /** The two GET requests a browser cannot add a header to may carry a one-time ticket instead. */
  function ticketed(url: URL): boolean {
    const purpose = url.pathname === '/api/events' ? 'events' : url.pathname === '/api/download' ? 'download' : undefined;
    return purpose !== undefined && tickets.redeem(url.searchParams.get('ticket'), purpose);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL) {
    const path = url.pathname;
    if (path === '/api/ticket' && req.method === 'POST') {
      const purpose = url.searchParams.get('for');
      if (purpose !== 'events' && purpose !== 'download')
        return send(res, 400, { ok: false, error: { code: 'bad-request', message: 'A ticket is for "events" or "download".' } });
      return send(res, 200, { ok: true, value: { ticket: tickets.issue(purpose) } });
    }
    if (path === '/api/events' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    if (path === '/api/upload' && req.method === 'POST') {
      try {
        const declared = Number(req.headers['content-length'] ?? 0);
        if (declared > maxUploadBytes) throw new UploadTooLarge(maxUploadBytes);
        return send(res, 200, { ok: true, value: await uploads.receive(req, parseUploadQuery(url.searchParams)) });
      } catch (error) {
        if (error instanceof UploadTooLarge) return refuseBody(req, res, 413, 'too-large', error.message);
        if (!(error instanceof UploadError)) throw error;
        return send(res, 400, { ok: false, error: { code: 'bad-upload', message: error.message } });
      }
    }
    if (path === '/api/download' && req.method === 'GET') {
      const file = resolve(exportDir, basename(url.searchParams.get('file') ?? ''));
      // An export is a file in the exports folder, nothing else (a folder there answers 404 too).
      if (!file.startsWith(exportDir + sep))
        return send(res, 404, { ok: false, error: { code: 'not-found', message: 'No such export.' } });
      let size: number;
      try {
        const stats = statSync(file);
        if (!stats.isFile()) throw new Error('not a file');
        size = stats.size;
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
        if (error instanceof BodyTooLarge)
          return refuseBody(req, res, 413, 'too-large', `A call's body may be at most ${MAX_JSON_BYTES >> 20} MB.`);
        return send(res, 400, { ok: false, error: { code: 'bad-request', message: (error as Error).message } });
      }
      const result = await dispatch(options.handlers, call[1], body, options.onInternalError);
      return send(res, 200, result);
    }
    return send(res, 404, { ok: false, error: { code: 'not-found', message: 'No such endpoint.' } });
  }

  /** A file of the built renderer, or 404: a folder, a missing path or one outside the root is not a file. */
  function serveStatic(res: ServerResponse, pathname: string) {
    const notFound = () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end('Not found.');
    };
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    } catch {
      return send(res, 400, { ok: false, error: { code: 'bad-request', message: 'Malformed % escape in the address.' } });
    }
    if (decoded.includes('\0')) return notFound();
    const file = resolve(staticRoot, `.${normalize(decoded)}`);
    if (relative(staticRoot, file).startsWith('..')) return notFound();
    let stats: Stats | undefined;
    try {
      stats = statSync(file);
    } catch {
      stats = undefined;
    }
    if (!stats?.isFile()) {
      if (pathname !== '/') return notFound();
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The app is not built yet: run "npm run build:renderer".');
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Length': stats.size,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    });
    // A file that vanishes or cannot be read between stat and read ends this response only.
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
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

/**
 * Answers a request whose body is refused (too large) and reads the rest of the body away, so that the
 * client reads the answer instead of a reset connection; a body that goes on far past any file is cut.
 */
function refuseBody(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
  res.end(JSON.stringify({ ok: false, error: { code, message } } satisfies CallResult));
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT) req.destroy();
  });
  req.on('error', () => {});
  req.resume();
}

const DRAIN_LIMIT = 64 << 20;

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        chunks.length = 0;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
