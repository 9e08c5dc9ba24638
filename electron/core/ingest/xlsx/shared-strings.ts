/**
 * A workbook's shared string table, read once and only as far as the cells asked for so far need it:
 * a sample of the first rows reads the first strings only, so that a large workbook's sample is quick.
 * The strings are kept as UTF-8 in large slabs with their offsets, not as JavaScript strings: a million
 * distinct strings then cost their bytes and 10 more each, and no string keeps alive the chunk of XML it
 * was cut from. The table is bounded (MAX_SHARED_STRING_BYTES); a larger one is refused with a message.
 */
import { UserError } from '../../errors.ts';
import { SharedStringsSink } from './sheet-xml.ts';
import { XmlTokenizer } from './xml-tokenizer.ts';
import type { Archive } from './zip.ts';

/** About 20 times what a million-row lead list needs. */
export const MAX_SHARED_STRING_BYTES = 1024 ** 3;
const SLAB_BYTES = 16 << 20;

export class SharedStrings {
  #archive: Archive;
  #part: string | undefined;
  #slabs: Buffer[] = [];
  #used = 0;
  #slabOf = new Uint32Array(1024);
  #startOf = new Uint32Array(1024);
  #endOf = new Uint32Array(1024);
  /** An item without text has slab 0xffffffff. */
  #count = 0;
  #bytes = 0;
  #chunks: AsyncGenerator<Buffer> | undefined;
  #tokenizer: XmlTokenizer;
  #decoder = new TextDecoder('utf-8');
  #done: boolean;

  constructor(archive: Archive, part: string | undefined) {
    this.#archive = archive;
    this.#part = part;
    this.#done = part === undefined;
    this.#tokenizer = new XmlTokenizer(new SharedStringsSink((text) => this.#add(text)));
  }

  get count(): number {
    return this.#count;
  }

  /** UTF-8 bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The string at `index`, if read already (see `ensure`); undefined past the table or for an item without text. */
  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.#count)) return undefined;
    const slab = this.#slabOf[index];
    if (slab === 0xffffffff) return undefined;
    return this.#slabs[slab].toString('utf8', this.#startOf[index], this.#endOf[index]);
  }

  /** Reads on until string `index` is known (or the table ends). */
  async ensure(index: number): Promise<void> {
    while (this.#count <= index && !this.#done) await this.#readMore();
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
        this.#tokenizer.write(this.#decoder.decode());
        this.#tokenizer.end();
        this.#done = true;
      } else this.#tokenizer.write(this.#decoder.decode(next.value, { stream: true }));
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
    const i = this.#count;
    if (i === this.#slabOf.length) this.#grow();
    this.#count++;
    if (text === undefined) {
      this.#slabOf[i] = 0xffffffff;
      return;
    }
    const length = Buffer.byteLength(text, 'utf8');
    this.#bytes += length;
    if (this.#bytes > MAX_SHARED_STRING_BYTES) {
      throw new UserError(
        'workbook-too-large',
        `${this.#archive.fileName}: the workbook's shared strings hold more than ${MAX_SHARED_STRING_BYTES / 1024 ** 3} GB of text: this is not a lead list`,
      );
    }
    let slab = this.#slabs.at(-1);
    if (!slab || this.#used + length > slab.length) {
      slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, length));
      this.#slabs.push(slab);
      this.#used = 0;
    }
    slab.write(text, this.#used, 'utf8');
    this.#slabOf[i] = this.#slabs.length - 1;
    this.#startOf[i] = this.#used;
    this.#endOf[i] = this.#used + length;
    this.#used += length;
  }

  #grow(): void {
    this.#slabOf = doubled(this.#slabOf);
    this.#startOf = doubled(this.#startOf);
    this.#endOf = doubled(this.#endOf);
  }
}

function doubled(array: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
