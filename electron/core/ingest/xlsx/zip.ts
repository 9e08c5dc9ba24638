/**
 * The zip container of an .xlsx/.xlsm workbook, read with yauzl: the central directory (at the end of the
 * file) says which parts there are; each part is inflated as a stream by node's zlib, so no part is ever
 * held whole. Every part is checked against the inflated-size limits twice: by the size the archive
 * declares, before a byte is inflated, and by the bytes actually inflated, as they come (a hostile archive
 * can declare small sizes and inflate to gigabytes: a zip bomb).
 */
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';
import { UserError } from '../../errors.ts';

/** No part of a lead list comes near this: a million rows of a dozen columns inflate to about 0.5 GiB. */
export const MAX_PART_BYTES = 2 * 1024 ** 3;
/** Sheet XML packs about 6–20 to 1; past this ratio, and past MIN_BOMB_BYTES, a part is a zip bomb. */
export const MAX_PACKING_RATIO = 100;
export const MIN_BOMB_BYTES = 64 * 1024 ** 2;
const INFLATE_CHUNK = 256 * 1024;

export interface ZipPart {
  name: string;
  packedBytes: number;
  declaredBytes: number;
  entry: yauzl.Entry;
}

export interface Archive {
  fileName: string;
  parts: Map<string, ZipPart>;
  /**
   * The part's inflated bytes as a stream, in pieces of `chunkBytes` (256 KB by default); `onPacked` hears
   * each piece's share of the compressed size (for progress).
   */
  open(name: string, onPacked?: (bytes: number) => void, chunkBytes?: number): Promise<AsyncGenerator<Buffer>>;
  close(): void;
}

const openZip = (path: string) =>
  new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    ),
  );

function damaged(name: string, why: string): UserError {
  return new UserError('corrupt-workbook', `${name}: the workbook could not be read, it is damaged or incomplete (${why})`);
}

/** The limits a part breaks, by its inflated size: undefined when within them. */
export function sizeProblem(inflated: number, packed: number): string | undefined {
  if (inflated > MAX_PART_BYTES) return `more than ${MAX_PART_BYTES / 1024 ** 3} GiB`;
  if (inflated > MIN_BOMB_BYTES && inflated > packed * MAX_PACKING_RATIO)
    return `more than ${MAX_PACKING_RATIO} times its packed size`;
  return undefined;
}

function bomb(name: string, part: string, problem: string): UserError {
  return new UserError(
    'workbook-too-large',
    `${name}: part "${part}" of the workbook unpacks to ${problem}: this is not a lead list (a zip bomb?), nothing was read`,
  );
}

export async function openArchive(path: string): Promise<Archive> {
  const name = basename(path);
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw error;
    throw damaged(name, `the end of the archive is missing: the file may be cut short; ${(error as Error).message}`);
  }
  const parts = new Map<string, ZipPart>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        parts.set(entry.fileName, {
          name: entry.fileName,
          packedBytes: entry.compressedSize,
          declaredBytes: entry.uncompressedSize,
          entry,
        });
        zip.readEntry();
      });
      zip.once('end', resolve);
      zip.once('error', reject);
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    throw damaged(name, (error as Error).message);
  }
  return {
    fileName: name,
    parts,
    async open(partName, onPacked, chunkBytes = INFLATE_CHUNK) {
      const part = parts.get(partName);
      if (!part) throw damaged(name, `part "${partName}" is missing`);
      if (part.entry.isEncrypted()) throw damaged(name, `part "${partName}" is encrypted`);
      const declared = sizeProblem(part.declaredBytes, part.packedBytes);
      if (declared) throw bomb(name, partName, `${declared} (as the archive declares)`);
      const method = part.entry.compressionMethod;
      if (method !== 0 && method !== 8) throw damaged(name, `part "${partName}" uses compression method ${method}`);
      const packed = await new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(part.entry, { decodeFileData: false }, (error, s) =>
          error ? reject(damaged(name, error.message)) : resolve(s),
        ),
      );
      // Inflated here rather than by yauzl: larger pieces (fewer trips through the thread pool and the tokenizer).
      const stream = method === 8 ? packed.pipe(createInflateRaw({ chunkSize: chunkBytes })) : packed;
      if (stream !== packed) packed.on('error', (error) => stream.destroy(error));
      return guarded(stream, name, part, onPacked, () => packed.destroy());
    },
    close: () => zip.close(),
  };
}

/**
 * Counts what a part really inflates to and stops past the limits; turns zlib's and yauzl's errors (a
 * truncated or corrupt deflate stream, sizes that differ from the declared ones) into one clear message.
 */
async function* guarded(
  stream: Readable,
  name: string,
  part: ZipPart,
  onPacked: ((bytes: number) => void) | undefined,
  release: () => void,
) {
  let inflated = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      const problem = sizeProblem(inflated, part.packedBytes);
      if (problem) throw bomb(name, part.name, `${problem} (found while unpacking it)`);
      if (inflated > part.declaredBytes) {
        throw bomb(name, part.name, `more than the ${part.declaredBytes.toLocaleString('en-AU')} bytes the archive declares`);
      }
      if (onPacked && part.declaredBytes > 0) onPacked((chunk.length * part.packedBytes) / part.declaredBytes);
      yield chunk;
    }
    if (inflated !== part.declaredBytes) {
      throw damaged(name, `${part.name} unpacks to ${inflated} bytes where the archive says ${part.declaredBytes}`);
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw damaged(name, `${part.name}: ${(error as Error).message}`);
  } finally {
    stream.destroy();
    release();
  }
}
