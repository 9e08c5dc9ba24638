/**
 * A workbook's shared string table, read once and only as far as the cells asked for so far need it:
 * a sample of the first rows reads the first strings only, so that a large workbook's sample is quick.
 * The strings are kept as UTF-8 bytes (string-table.ts), copied straight from the table's bytes for a
 * plain item (strings-bytes.ts). The table is bounded (MAX_SHARED_STRING_BYTES); a larger one is refused
 * with a message. Measured on the benchmark's million-row workbook: see docs/engine.md.
 */
import { UserError } from '../../errors.ts';
import { StringTable } from './string-table.ts';
import { StringsByteReader } from './strings-bytes.ts';
import type { Archive } from './zip.ts';

/** About 20 times what a million-row lead list needs. */
/** About ten times what a million-row lead list holds. */
export const MAX_SHARED_STRING_BYTES = 400 << 20;

/** The table is inflated in pieces of this size. */
const STRINGS_CHUNK = 64 * 1024;

export class SharedStrings {
  #archive: Archive;
  #part: string | undefined;
  #table = new StringTable();
  #chunks: AsyncGenerator<Buffer> | undefined;
  #reader: StringsByteReader;
  #done: boolean;

  constructor(archive: Archive, part: string | undefined) {
    this.#archive = archive;
    this.#part = part;
    this.#done = part === undefined;
    this.#reader = new StringsByteReader(
      (text) => {
        this.#table.addString(text);
        this.#check();
      },
      (bytes, start, end) => {
        this.#table.addBytes(bytes, start, end);
        this.#check();
      },
    );
  }

  get count(): number {
    return this.#table.count;
  }

  /** Whether any string read so far has U+001F or U+001E in it (see holdsSeparator). */
  get holdsSeparators(): boolean {
    return this.#table.holdsSeparators;
  }

  /** UTF-8 bytes held. */
  get bytes(): number {
    return this.#table.bytes;
  }

  /** The string at `index`, if read already (see `ensure`); undefined past the table or for an item without text. */
  get(index: number): string | undefined {
    return this.#table.get(index);
  }

  /** Reads on until string `index` is known (or the table ends). */
  async ensure(index: number): Promise<void> {
    while (this.#table.count <= index && !this.#done) await this.#readMore();
  }

  /** Reads the whole table. */
  async loadAll(): Promise<void> {
    while (!this.#done) await this.#readMore();
  }

  close(): void {
    this.#done = true;
    void this.#chunks?.return(undefined);
  }

  async #readMore(): Promise<void> {
    const name = this.#archive.fileName;
    try {
      // Small pieces: a sample's first rows need the first strings only, and each piece is read at once.
      this.#chunks ??= await this.#archive.open(this.#part as string, undefined, STRINGS_CHUNK);
      const next = await this.#chunks.next();
      if (next.done) {
        this.#reader.end();
        this.#done = true;
      } else this.#reader.write(next.value);
    } catch (error) {
      this.close();
      if (error instanceof UserError) throw error;
      throw new UserError(
        'corrupt-workbook',
        `${name}: the workbook is damaged: its shared strings (${this.#part}) are not well-formed XML (${(error as Error).message})`,
      );
    }
  }

  #check(): void {
    if (this.#table.bytes > MAX_SHARED_STRING_BYTES) {
      throw new UserError(
        'workbook-too-large',
        `${this.#archive.fileName}: the workbook's shared strings hold more than ${MAX_SHARED_STRING_BYTES >> 20} MB of text: this is not a lead list`,
      );
    }
  }
}
