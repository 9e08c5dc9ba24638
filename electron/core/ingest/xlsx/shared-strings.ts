/**
 * A workbook's shared string table, read once and only as far as the cells asked for so far need it:
 * a sample of the first rows reads the first strings only, so that a large workbook's sample is quick.
 * Each string is one JavaScript string that every cell using it shares (no copy per cell), made from the
 * table's bytes (strings-bytes.ts), so that no string keeps a chunk of XML alive. The table is bounded
 * (MAX_SHARED_STRING_CHARS); a larger one is refused with a message. Measured on the benchmark's
 * million-row workbook (2.5 million distinct strings, 40 million characters): see docs/engine.md.
 */
import { UserError } from '../../errors.ts';
import { StringsByteReader } from './strings-bytes.ts';
import type { Archive } from './zip.ts';

/** About 20 times what a million-row lead list needs. */
/** About ten times what a million-row lead list holds. */
export const MAX_SHARED_STRING_CHARS = 400_000_000;

export class SharedStrings {
  #archive: Archive;
  #part: string | undefined;
  #strings: (string | undefined)[] = [];
  #chars = 0;
  #chunks: AsyncGenerator<Buffer> | undefined;
  #reader: StringsByteReader;
  #done: boolean;

  constructor(archive: Archive, part: string | undefined) {
    this.#archive = archive;
    this.#part = part;
    this.#done = part === undefined;
    this.#reader = new StringsByteReader((text) => this.#add(text));
  }

  get count(): number {
    return this.#strings.length;
  }

  /** Characters held. */
  get chars(): number {
    return this.#chars;
  }

  /** The string at `index`, if read already (see `ensure`); undefined past the table or for an item without text. */
  get(index: number): string | undefined {
    return this.#strings[index];
  }

  /** Reads on until string `index` is known (or the table ends). */
  async ensure(index: number): Promise<void> {
    while (this.#strings.length <= index && !this.#done) await this.#readMore();
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
      this.#chunks ??= await this.#archive.open(this.#part as string);
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

  #add(text: string | undefined): void {
    if (text === undefined) {
      this.#strings.push(undefined);
      return;
    }
    this.#chars += text.length;
    if (this.#chars > MAX_SHARED_STRING_CHARS) {
      throw new UserError(
        'workbook-too-large',
        `${this.#archive.fileName}: the workbook's shared strings hold more than ${(MAX_SHARED_STRING_CHARS / 1e6).toLocaleString('en-AU')} million characters: this is not a lead list`,
      );
    }
    this.#strings.push(text);
  }
}
