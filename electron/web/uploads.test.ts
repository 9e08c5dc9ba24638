import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createUploads, parseUploadQuery, UploadError } from './uploads.ts';

const dir = mkdtempSync(join(tmpdir(), 'uploads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const body = (bytes: Buffer) => Readable.from([bytes]) as unknown as IncomingMessage;
const query = (params: Record<string, string | number>) =>
  parseUploadQuery(new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])));

describe('uploads in browser mode', () => {
  const content = Buffer.from(Array.from({ length: 10_000 }, (_, i) => `Lead ${i},04${String(i).padStart(8, '0')}\n`).join(''));
  const lastModified = Date.parse('2026-11-01T10:00:00Z');

  it('copies a file sent whole, under its own name and modification time', async () => {
    const uploads = createUploads(dir);
    const result = await uploads.receive(body(content), query({ name: '../leads.csv', lastModified }));
    expect(result.complete).toBe(true);
    expect(result.path.endsWith('/leads.csv')).toBe(true);
    expect(readFileSync(result.path).equals(content)).toBe(true);
    expect(statSync(result.path).mtimeMs).toBe(lastModified);
  });

  it('puts a file sent in parts back together, whatever order they arrive in', async () => {
    const uploads = createUploads(dir);
    const upload = randomUUID();
    const size = content.length;
    const cuts = [0, 4_000, 100_000, 150_000, size];
    const parts = cuts.slice(0, -1).map((offset, i) => ({ offset, bytes: content.subarray(offset, cuts[i + 1]) }));
    const results = [];
    for (const part of [parts[2], parts[0], parts[3], parts[1]]) {
      results.push(
        await uploads.receive(body(part.bytes), query({ name: 'big.csv', lastModified, upload, offset: part.offset, size })),
      );
    }
    expect(results.map((r) => r.complete)).toEqual([false, false, false, true]);
    expect(new Set(results.map((r) => r.path)).size).toBe(1);
    expect(readFileSync(results[3].path).equals(content)).toBe(true);
    expect(statSync(results[3].path).mtimeMs).toBe(lastModified);
  });

  it('refuses parts that do not fit the file they belong to', async () => {
    const uploads = createUploads(dir);
    expect(() => query({ name: 'a.csv', upload: 'not-an-id', offset: 0, size: 10 })).toThrow(UploadError);
    expect(() => query({ name: 'a.csv', upload: randomUUID(), offset: 10, size: 10 })).toThrow(/offset inside the file/);
    const upload = randomUUID();
    await uploads.receive(body(Buffer.from('abc')), query({ name: 'a.csv', upload, offset: 0, size: 10 }));
    await expect(
      uploads.receive(body(Buffer.from('abc')), query({ name: 'a.csv', upload, offset: 1, size: 11 })),
    ).rejects.toThrow(/disagree on its size/);
    await expect(
      uploads.receive(body(Buffer.from('0123456789')), query({ name: 'a.csv', upload, offset: 5, size: 10 })),
    ).rejects.toThrow(/runs past the size/);
  });
});
