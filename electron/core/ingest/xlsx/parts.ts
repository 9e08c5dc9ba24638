/**
 * The map of a workbook: its sheets in order (names from workbook.xml, parts through its relationships),
 * its date system, its number formats and where its shared strings are. Only these small parts are read
 * to open a workbook; no sheet is.
 */
import { posix } from 'node:path';
import { UserError } from '../../errors.ts';
import { builtInCodes, type WorkbookFormats } from './cell-values.ts';
import { unescapeOoxml } from './sheet-xml.ts';
import { attribute, parseAttributes, type XmlSink, XmlTokenizer } from './xml-tokenizer.ts';
import type { Archive } from './zip.ts';

export interface SheetEntry {
  name: string;
  /** The sheet's part in the archive; undefined for a sheet that has none (a chart sheet, say). */
  part: string | undefined;
}

export interface BookLayout {
  sheets: SheetEntry[];
  formats: WorkbookFormats;
  sharedStrings: string | undefined;
}

/** A part's name as the archive spells it (writers differ in case and leading slashes). */
export function findPart(archive: Archive, name: string): string | undefined {
  const wanted = name.replace(/^\/+/, '');
  if (archive.parts.has(wanted)) return wanted;
  const lower = wanted.toLowerCase();
  for (const key of archive.parts.keys()) if (key.toLowerCase() === lower) return key;
  return undefined;
}

/** Streams a part through the tokenizer into `sink`; stops early once `done()` says so. */
export async function streamPart(
  archive: Archive,
  part: string,
  sink: XmlSink,
  options: { done?: () => boolean; onPacked?: (bytes: number) => void; afterChunk?: () => Promise<void> | void } = {},
): Promise<void> {
  const tokenizer = new XmlTokenizer(sink);
  const decoder = new TextDecoder('utf-8');
  const chunks = await archive.open(part, options.onPacked);
  try {
    let first = true;
    for await (const chunk of chunks) {
      let text = decoder.decode(chunk, { stream: true });
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
      tokenizer.write(text);
      if (options.afterChunk) await options.afterChunk();
      if (options.done?.()) return;
    }
    tokenizer.write(decoder.decode());
    tokenizer.end();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      'corrupt-workbook',
      `${archive.fileName}: the workbook is damaged: its part ${part} is not well-formed XML (${(error as Error).message})`,
    );
  } finally {
    await chunks.return(undefined);
  }
}

/** Every element's name and attributes, for the small parts read whole. */
async function elementsOf(archive: Archive, part: string): Promise<[string, string[]][]> {
  const out: [string, string[]][] = [];
  await streamPart(archive, part, {
    wantText: false,
    open: (name, source, start, end) => out.push([name, parseAttributes(source.slice(start, end))]),
    close: () => {},
    text: () => {},
  });
  return out;
}

interface Relationship {
  type: string;
  target: string;
}

async function relationships(archive: Archive, of: string): Promise<Map<string, Relationship>> {
  const dir = posix.dirname(of);
  const relsPart = findPart(archive, posix.join(dir, '_rels', `${posix.basename(of)}.rels`));
  const out = new Map<string, Relationship>();
  if (!relsPart) return out;
  for (const [name, attrs] of await elementsOf(archive, relsPart)) {
    if (name !== 'Relationship') continue;
    const id = attribute(attrs, 'Id');
    const target = attribute(attrs, 'Target');
    if (!id || !target || attribute(attrs, 'TargetMode') === 'External') continue;
    const resolved = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(dir, target));
    out.set(id, { type: attribute(attrs, 'Type') ?? '', target: resolved });
  }
  return out;
}

const endsWithType = (rel: Relationship, type: string) => rel.type.endsWith(`/${type}`);

export async function readLayout(archive: Archive): Promise<BookLayout> {
  const name = archive.fileName;
  const root = await relationships(archive, '');
  const officeDocument = [...root.values()].find((r) => endsWithType(r, 'officeDocument'))?.target ?? 'xl/workbook.xml';
  const workbookPart = findPart(archive, officeDocument);
  if (!workbookPart) {
    throw new UserError('not-workbook', `${name}: this is a zip archive but not an Excel workbook (it has no ${officeDocument})`);
  }
  const rels = await relationships(archive, workbookPart);
  const sheets: SheetEntry[] = [];
  let date1904 = false;
  for (const [element, attrs] of await elementsOf(archive, workbookPart)) {
    if (element === 'workbookPr') {
      const value = attribute(attrs, 'date1904');
      date1904 = value === '1' || value === 'true';
    } else if (element === 'sheet') {
      const sheetName = attribute(attrs, 'name');
      if (sheetName === undefined) continue;
      // The relationship id's attribute is r:id, whatever the prefix is called.
      let relId: string | undefined;
      for (let i = 0; i < attrs.length; i += 2) if (/^[^:]+:id$/.test(attrs[i])) relId = attrs[i + 1];
      const rel = relId ? rels.get(relId) : undefined;
      const part = rel && endsWithType(rel, 'worksheet') ? findPart(archive, rel.target) : undefined;
      sheets.push({ name: unescapeOoxml(sheetName), part });
    }
  }
  if (sheets.length === 0) throw new UserError('empty-file', `${name}: the workbook has no sheets`);
  const rel = (type: string) => [...rels.values()].find((r) => endsWithType(r, type))?.target;
  const stylesTarget = rel('styles');
  const stylesPart = stylesTarget ? findPart(archive, stylesTarget) : undefined;
  const sstTarget = rel('sharedStrings');
  return {
    sheets,
    formats: stylesPart
      ? await readFormats(archive, stylesPart, date1904)
      : { cellFormats: undefined, codes: builtInCodes(), date1904 },
    sharedStrings: sstTarget ? findPart(archive, sstTarget) : undefined,
  };
}

/** Number formats (`<numFmts>`) and each cell format's number format (`<cellXfs>`), from styles.xml. */
async function readFormats(archive: Archive, part: string, date1904: boolean): Promise<WorkbookFormats> {
  const codes = builtInCodes();
  const cellFormats: (number | undefined)[] = [];
  let inCellXfs = false;
  await streamPart(archive, part, {
    wantText: false,
    open(element, source, start, end, selfClosing) {
      const raw = () => source.slice(start, end);
      if (element === 'numFmt') {
        const attrs = parseAttributes(raw());
        const id = Number.parseInt(attribute(attrs, 'numFmtId') ?? '', 10);
        const code = attribute(attrs, 'formatCode');
        if (id > 0 && code !== undefined) codes.set(id, code);
      } else if (element === 'cellXfs') inCellXfs = !selfClosing;
      else if (element === 'xf' && inCellXfs) {
        const id = attribute(parseAttributes(raw()), 'numFmtId');
        cellFormats.push(id ? Number.parseInt(id, 10) : undefined);
      }
    },
    close(element) {
      if (element === 'cellXfs') inCellXfs = false;
    },
    text: () => {},
  });
  return { cellFormats, codes, date1904 };
}
