/**
 * The tokenizer against saxes (a maintained, conformant SAX parser): generated documents, cut into
 * chunks anywhere, must give the same elements, attributes and text; any document cut short must be
 * refused. The sheet's fast path for whole cells must give the rows the general path gives.
 */
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { SheetByteReader } from './sheet-bytes.ts';
import { type CellTarget, SharedStringsSink, SheetSink } from './sheet-xml.ts';
import { StringsByteReader } from './strings-bytes.ts';
import { parseAttributes, type XmlSink, XmlTokenizer } from './xml-tokenizer.ts';

type Node =
  | { name: string; attrs: [string, string][]; children: Node[] }
  | { text: string }
  | { cdata: string }
  | { comment: string };

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

const name = fc.constantFrom('c', 'row', 'v', 'x:c', 'sheetData', 'is', 't', 'r', 'rPh', 'a-b', 'x.y');
const textChars = fc.string({
  unit: fc.constantFrom('a', ' ', '&', '<', '>', '"', "'", 'é', '😀', '\n', '\t', ';', '#', '_'),
  maxLength: 10,
});
const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    textChars.filter((t) => t !== '').map((text) => ({ text })),
    textChars.filter((t) => !t.includes(']]>')).map((cdata) => ({ cdata })),
    fc
      .string({ unit: fc.constantFrom('a', ' ', '-x', '<', '>'), maxLength: 6 })
      .filter((c) => !c.includes('--') && !c.endsWith('-'))
      .map((comment) => ({ comment })),
    fc.record({
      name,
      attrs: fc.uniqueArray(fc.tuple(fc.constantFrom('r', 's', 't', 'x:id', 'spans', 'xml:space'), textChars), {
        maxLength: 3,
        selector: (a) => a[0],
      }),
      children: fc.array(tie('node'), { maxLength: 4 }),
    }),
  ),
})).node;

function serialise(n: Node, quote: '"' | "'"): string {
  if ('text' in n) return escapeText(n.text);
  if ('cdata' in n) return `<![CDATA[${n.cdata}]]>`;
  if ('comment' in n) return `<!--${n.comment}-->`;
  const attrs = n.attrs
    .map(([k, v]) => ` ${k}=${quote}${quote === '"' ? escapeAttr(v) : escapeAttr(v).replace(/'/g, '&apos;')}${quote}`)
    .join('');
  if (n.children.length === 0) return `<${n.name}${attrs}/>`;
  return `<${n.name}${attrs}>${n.children.map((c) => serialise(c, quote)).join('')}</${n.name}>`;
}

const document = fc
  .record({
    root: fc.record({ name, attrs: fc.constant([] as [string, string][]), children: fc.array(node, { maxLength: 6 }) }),
    quote: fc.constantFrom('"' as const, "'" as const),
    prolog: fc.boolean(),
  })
  .map(({ root, quote, prolog }) => `${prolog ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}${serialise(root, quote)}`);

const local = (n: string) => n.slice(n.indexOf(':') + 1);

function eventsBySaxes(xml: string): string[] {
  const events: string[] = [];
  let text = '';
  const flush = () => {
    if (text) events.push(`text:${text}`);
    text = '';
  };
  const parser = new SaxesParser();
  let depth = 0;
  parser.on('opentag', (tag) => {
    flush();
    depth++;
    const attrs = Object.entries(tag.attributes as Record<string, string>).flat();
    events.push(`open:${local(tag.name)}:${JSON.stringify(attrs)}`);
  });
  parser.on('closetag', (tag) => {
    flush();
    depth--;
    events.push(`close:${local(tag.name)}`);
  });
  parser.on('text', (t) => {
    if (depth === 0) return;
    text += t;
  });
  parser.on('cdata', (t) => {
    text += t;
  });
  parser.write(xml).close();
  return events;
}

function eventsByTokenizer(xml: string, cuts: number[]): string[] {
  const events: string[] = [];
  let text = '';
  const flush = () => {
    if (text) events.push(`text:${text}`);
    text = '';
  };
  const sink: XmlSink = {
    wantText: true,
    open(n, source, start, end) {
      flush();
      events.push(`open:${n}:${JSON.stringify(parseAttributes(source.slice(start, end)))}`);
    },
    close(n) {
      flush();
      events.push(`close:${n}`);
    },
    text(t) {
      text += t;
    },
  };
  const tokenizer = new XmlTokenizer(sink);
  let from = 0;
  for (const cut of [...cuts.map((c) => Math.floor(c * xml.length)).sort((a, b) => a - b), xml.length]) {
    tokenizer.write(xml.slice(from, cut));
    from = cut;
  }
  tokenizer.end();
  return events;
}

describe('the XML tokenizer, against saxes', () => {
  it('gives the same elements, attributes and text, however the document is cut into chunks', () => {
    fc.assert(
      fc.property(document, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }), (xml, cuts) => {
        expect(eventsByTokenizer(xml, cuts)).toEqual(eventsBySaxes(xml));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses every document cut short, and tags that do not match', () => {
    fc.assert(
      fc.property(document, fc.double({ min: 0, max: 0.999, noNaN: true }), (xml, at) => {
        const cut = xml.slice(0, Math.floor(at * xml.length)).trimEnd();
        // A cut that leaves a complete document (after its last tag) is not short.
        if (cut.length < xml.trimEnd().length) expect(() => eventsByTokenizer(cut, [0.5])).toThrow();
      }),
      { numRuns: 500 },
    );
    expect(() => eventsByTokenizer('<a><b></a></b>', [])).toThrow(/<\/a> closes <b>/);
    expect(() => eventsByTokenizer('<a x=1/>', [])).toThrow(/unquoted/);
    expect(() => eventsByTokenizer('<a>&bogus;</a>', [])).toThrow(/unknown entity/);
    expect(() => eventsByTokenizer('<!DOCTYPE a [<!ENTITY x "y">]><a/>', [])).toThrow(/document type/);
  });
});

const letters = (col: number) =>
  (col >= 26 ? String.fromCharCode(64 + Math.floor(col / 26)) : '') + String.fromCharCode(65 + (col % 26));
const cellXml = fc
  .record({
    col: fc.integer({ min: 0, max: 600 }),
    withRef: fc.boolean(),
    style: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
    type: fc.option(fc.constantFrom('s', 'str', 'n', 'b', 'e', 'inlineStr'), { nil: undefined }),
    styleLast: fc.boolean(),
    formula: fc.option(fc.constantFrom('<f>SUM(A1:B2)</f>', '<f t="shared" si="0"/>', '<f>A1&amp;B1</f>'), { nil: undefined }),
    value: fc.option(fc.constantFrom('7', '', '0412345678', 'a_x000D_b', 'A &amp; B', 'text', '1.5E+20'), { nil: undefined }),
    inline: fc.boolean(),
  })
  .map((c) => {
    const style = c.style === undefined ? '' : ` s="${c.style}"`;
    const attrs = `${c.withRef ? ` r="${letters(c.col)}7"` : ''}${c.styleLast ? '' : style}${c.type ? ` t="${c.type}"` : ''}${c.styleLast ? style : ''}`;
    if (c.inline) return `<c${attrs}><is><t>${c.value ?? ''}</t></is></c>`;
    if (c.formula === undefined && c.value === undefined) return `<c${attrs}/>`;
    return `<c${attrs}>${c.formula ?? ''}${c.value === undefined ? '' : `<v>${c.value}</v>`}</c>`;
  });

function recorder(out: string[]): CellTarget {
  const target: CellTarget = {
    startRow: (index) => out.push(`row ${index}`),
    cell: (col, type, style, value, inline, plain) =>
      type === 's' && value !== undefined
        ? target.sharedString(col, style, Number(value))
        : out.push(
            `${col}|${type}|${style}|${value}|${inline}|${type === 'str' && !plain ? value?.replace(/_x000D_/g, '\r') : value}`,
          ),
    sharedString: (col, style, index) => out.push(`${col}|s|${style}|${index}|undefined|${index}`),
    endRow: () => out.push('end'),
  };
  return target;
}

function rowsOf(xml: string, skim: boolean): string[] {
  const out: string[] = [];
  const sink = new SheetSink(recorder(out));
  if (!skim) Object.defineProperty(sink, 'skim', { value: undefined });
  const tokenizer = new XmlTokenizer(sink);
  tokenizer.write(xml);
  tokenizer.end();
  return out;
}

/** The sheet read from its bytes, cut into chunks at the given fractions. */
function rowsFromBytes(xml: string, cuts: number[]): string[] {
  const out: string[] = [];
  const target = recorder(out);
  const reader = new SheetByteReader(new SheetSink(target), target);
  const bytes = Buffer.from(xml);
  let from = 0;
  for (const cut of [...cuts.map((c) => Math.floor(c * bytes.length)).sort((a, b) => a - b), bytes.length]) {
    reader.write(Buffer.from(bytes.subarray(from, cut)));
    from = cut;
  }
  reader.end();
  return out;
}

const rowXml = fc
  .record({
    cells: fc.array(cellXml, { maxLength: 6 }),
    number: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
    spaced: fc.boolean(),
    prefixed: fc.boolean(),
  })
  .map(({ cells, number, spaced, prefixed }) => {
    const r = number === undefined ? '' : ` r="${number}"`;
    if (cells.length === 0) return `<row${r}/>`;
    const body = cells.join(spaced ? '\n  ' : '');
    return prefixed
      ? `<x:row${r}>${body.replace(/<c([ >/])/g, '<x:c$1').replace(/<\/c>/g, '</x:c>')}</x:row>`
      : `<row${r} spans="1:9">${body}</row>`;
  });

describe('the sheet reader', () => {
  it('reads a sheet from its bytes, however they are chunked, as the tokenizer alone reads it', () => {
    fc.assert(
      fc.property(
        fc.array(rowXml, { maxLength: 8 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        (rows, cuts) => {
          const xml = `<?xml version="1.0"?>\n<worksheet xmlns:x="urn:x"><dimension ref="A1"/><sheetData>${rows.join('\n')}</sheetData><pageMargins left="0.7"/></worksheet>`;
          expect(rowsFromBytes(xml, cuts)).toEqual(rowsOf(xml, false));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("reads whole cells on its fast path as the tokenizer's general path does", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cellXml, { maxLength: 8 }), { maxLength: 5 }), (rows) => {
        const xml = `<worksheet><sheetData>${rows.map((cells) => `<row>${cells.join('')}</row>`).join('')}</sheetData></worksheet>`;
        expect(rowsOf(xml, true)).toEqual(rowsOf(xml, false));
      }),
      { numRuns: 300 },
    );
  });
});

const stringItem = fc.oneof(
  textChars.map((t) => `<si><t>${escapeText(t)}</t></si>`),
  textChars.map((t) => `<si><t xml:space="preserve">${escapeText(t)}</t></si>`),
  fc.constantFrom(
    '<si><t>a_x000D_b</t></si>',
    '<si></si>',
    '<si><r><t>A</t></r><r><rPr><b/></rPr><t>B</t></r><rPh><t>x</t></rPh></si>',
    '<si><t/></si>',
    '<si><t>line\r\nbreak</t></si>',
  ),
);

function stringsOf(xml: string, cuts: number[] | undefined): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  if (cuts === undefined) {
    const tokenizer = new XmlTokenizer(new SharedStringsSink((t) => out.push(t)));
    tokenizer.write(xml);
    tokenizer.end();
    return out;
  }
  const reader = new StringsByteReader((t) => out.push(t));
  const bytes = Buffer.from(xml);
  let from = 0;
  for (const cut of [...cuts.map((c) => Math.floor(c * bytes.length)).sort((a, b) => a - b), bytes.length]) {
    reader.write(Buffer.from(bytes.subarray(from, cut)));
    from = cut;
  }
  reader.end();
  return out;
}

describe('the shared strings reader', () => {
  it('reads a table from its bytes, however they are chunked, as the tokenizer alone reads it', () => {
    fc.assert(
      fc.property(
        fc.array(stringItem, { maxLength: 10 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        fc.boolean(),
        (items, cuts, spaced) => {
          const xml = `<?xml version="1.0"?>\n<sst xmlns="urn:main" count="${items.length}">${items.join(spaced ? '\n' : '')}</sst>`;
          expect(stringsOf(xml, cuts)).toEqual(stringsOf(xml, undefined));
        },
      ),
      { numRuns: 400 },
    );
    expect(() => stringsOf('<sst><si><t>cut', [0.5])).toThrow(/cut short/);
  });
});
