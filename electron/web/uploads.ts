/**
 * Files chosen in the browser, copied to the machine so the core can read them by path. A large file comes
 * in parts sent at once: Chromium sends one request body at about 100 MB/s on loopback, four at a time
 * nearly twice as fast, and the copy stands between choosing a file and seeing its first rows.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { basename, dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface UploadQuery {
  name: string;
  /** The file's own modification time (ms), so the copy keeps it and "uploaded before" can match. */
  lastModified?: number;
  /** A part of a file sent in parts: the upload it belongs to, where it starts, the whole file's size. */
  part?: { upload: string; offset: number; size: number };
}

export interface UploadResult {
  path: string;
  /** False while other parts of the file are still on their way. */
  complete: boolean;
}

export class UploadError extends Error {}

/**
 * The largest file browser mode takes: ten times the million-row benchmark file, far above any real list
 * of leads, and a bound on what a page that found the port could make the machine store.
 */
export const DEFAULT_MAX_UPLOAD_BYTES = 1 << 30;

export class UploadTooLarge extends UploadError {
  constructor(limit: number) {
    super(
      `The file is larger than ${formatLimit(limit)}, the most browser mode accepts: split it, or use the desktop app or the command line.`,
    );
  }
}

const formatLimit = (bytes: number) =>
  bytes >= 1 << 30
    ? `${bytes / (1 << 30)} GB`
    : bytes >= 1 << 20
      ? `${Math.round(bytes / (1 << 20))} MB`
      : `${Math.round(bytes / 1024)} KB`;

/** Passes bytes through until more than `limit` have come. */
function capped(limit: number, already = 0): Transform {
  let seen = already;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > limit) done(new UploadTooLarge(limit));
      else done(null, chunk);
    },
  });
}

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseUploadQuery(params: URLSearchParams): UploadQuery {
  const name = basename(params.get('name') ?? 'upload').replace(/[^\w.\- ()]+/g, '_') || 'upload';
  const lastModified = Number(params.get('lastModified'));
  const query: UploadQuery = { name, lastModified: Number.isFinite(lastModified) && lastModified > 0 ? lastModified : undefined };
  const upload = params.get('upload');
  if (upload === null) return query;
  const offset = Number(params.get('offset'));
  const size = Number(params.get('size'));
  if (!UPLOAD_ID.test(upload) || !Number.isSafeInteger(offset) || !Number.isSafeInteger(size) || offset < 0 || offset >= size)
    throw new UploadError('a part of an upload needs upload (an id), offset and size, with offset inside the file');
  return { ...query, part: { upload, offset, size } };
}

export function createUploads(uploadDir: string, maxBytes = DEFAULT_MAX_UPLOAD_BYTES) {
  /** Files arriving in parts, by upload id: where the copy is and how many bytes have come. */
  const inParts = new Map<string, { path: string; size: number; received: number }>();

  // A folder per upload keeps the file's own name, which the user sees in messages and reports.
  const newPath = (name: string) => {
    const folder = join(uploadDir, randomUUID());
    mkdirSync(folder, { recursive: true });
    return join(folder, name);
  };
  // The copy keeps the original's modification time, so its fingerprint matches the next upload of the
  // same file and "uploaded before" works in browser mode too.
  const keepTime = (path: string, lastModified: number | undefined) => {
    if (lastModified) utimesSync(path, new Date(), new Date(lastModified));
  };
  // A copy that did not arrive whole is of no use: its folder goes at once.
  const discard = (path: string) => rmSync(dirname(path), { recursive: true, force: true });

  return {
    async receive(req: IncomingMessage, query: UploadQuery): Promise<UploadResult> {
      const { part } = query;
      if (!part) {
        const path = newPath(query.name);
        try {
          await pipeline(req, capped(maxBytes), createWriteStream(path, { highWaterMark: 1 << 22 }));
        } catch (error) {
          discard(path);
          throw error;
        }
        keepTime(path, query.lastModified);
        return { path, complete: true };
      }
      if (part.size > maxBytes) throw new UploadTooLarge(maxBytes);
      // The first part to arrive makes the file; the others write into it where they belong.
      let entry = inParts.get(part.upload);
      if (!entry) {
        entry = { path: newPath(query.name), size: part.size, received: 0 };
        writeFileSync(entry.path, '');
        inParts.set(part.upload, entry);
      }
      if (entry.size !== part.size) throw new UploadError('the parts of an upload disagree on its size');
      const file = createWriteStream(entry.path, { flags: 'r+', start: part.offset, highWaterMark: 1 << 22 });
      try {
        // A part may not run past the file's declared size (itself within the limit).
        await pipeline(req, capped(entry.size, part.offset), file);
      } catch (error) {
        inParts.delete(part.upload);
        discard(entry.path);
        if (error instanceof UploadTooLarge) throw new UploadError('a part of an upload runs past the size of the file');
        throw error;
      }
      entry.received += file.bytesWritten;
      if (entry.received > entry.size) {
        inParts.delete(part.upload);
        discard(entry.path);
        throw new UploadError('a part of an upload runs past the size of the file');
      }
      if (entry.received < entry.size) return { path: entry.path, complete: false };
      inParts.delete(part.upload);
      keepTime(entry.path, query.lastModified);
      return { path: entry.path, complete: true };
    },
  };
}
