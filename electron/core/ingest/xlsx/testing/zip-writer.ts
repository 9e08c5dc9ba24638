/**
 * Writes zip archives for tests and the benchmark (never used by the app): whole in memory, or streamed
 * part by part for a million-row workbook. Deflate is node's zlib. `declaredSize` lets a test write an
 * archive that lies about a part's size, as a zip bomb does.
 */
import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: string | Buffer;
  /** The inflated size written in the headers, when it should not be the true one. */
  declaredSize?: number;
}

interface Written {
  name: Buffer;
  crc: number;
  packed: number;
  size: number;
  offset: number;
}

function localHeader(name: Buffer, crc: number, packed: number, size: number, descriptor: boolean): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(descriptor ? 0x0808 : 0x0800, 6); // UTF-8 names; sizes after the data
  h.writeUInt16LE(8, 8);
  h.writeUInt32LE(crc >>> 0, 14);
  h.writeUInt32LE(packed, 18);
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(name.length, 26);
  return Buffer.concat([h, name]);
}

function centralDirectory(entries: Written[], at: number, descriptor: boolean): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(20, 6);
    h.writeUInt16LE(descriptor ? 0x0808 : 0x0800, 8);
    h.writeUInt16LE(8, 10);
    h.writeUInt32LE(e.crc >>> 0, 16);
    h.writeUInt32LE(e.packed, 20);
    h.writeUInt32LE(e.size, 24);
    h.writeUInt16LE(e.name.length, 28);
    h.writeUInt32LE(e.offset, 42);
    parts.push(h, e.name);
  }
  const directory = Buffer.concat(parts);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(at, 16);
  return Buffer.concat([directory, end]);
}

export function zipSync(entries: ZipEntry[]): Buffer {
  const out: Buffer[] = [];
  const written: Written[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data) : entry.data;
    const packed = deflateRawSync(data);
    const name = Buffer.from(entry.name);
    const size = entry.declaredSize ?? data.length;
    const header = localHeader(name, crc32(data), packed.length, size, false);
    written.push({ name, crc: crc32(data), packed: packed.length, size, offset });
    out.push(header, packed);
    offset += header.length + packed.length;
  }
  out.push(centralDirectory(written, offset, false));
  return Buffer.concat(out);
}

/** A zip written part by part to a stream, each part's text produced piece by piece. */
export class ZipStreamWriter {
  #out: WriteStream;
  #offset = 0;
  #written: Written[] = [];

  constructor(out: WriteStream) {
    this.#out = out;
  }

  async #write(chunk: Buffer): Promise<void> {
    this.#offset += chunk.length;
    if (!this.#out.write(chunk)) await once(this.#out, 'drain');
  }

  async add(name: string, pieces: Iterable<string> | AsyncIterable<string>): Promise<void> {
    const nameBytes = Buffer.from(name);
    const offset = this.#offset;
    await this.#write(localHeader(nameBytes, 0, 0, 0, true));
    const deflate = createDeflateRaw({ level: 6 });
    let crc = 0;
    let size = 0;
    let packed = 0;
    const drained = (async () => {
      for await (const chunk of deflate as AsyncIterable<Buffer>) {
        packed += chunk.length;
        await this.#write(chunk);
      }
    })();
    for await (const piece of pieces) {
      const bytes = Buffer.from(piece);
      crc = crc32(bytes, crc);
      size += bytes.length;
      if (!deflate.write(bytes)) await once(deflate, 'drain');
    }
    deflate.end();
    await drained;
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(packed, 8);
    descriptor.writeUInt32LE(size, 12);
    await this.#write(descriptor);
    this.#written.push({ name: nameBytes, crc, packed, size, offset });
  }

  async finish(): Promise<void> {
    await this.#write(centralDirectory(this.#written, this.#offset, true));
    this.#out.end();
    await once(this.#out, 'finish');
  }
}
