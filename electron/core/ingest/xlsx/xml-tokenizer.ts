/**
 * A streaming XML tokenizer for the parts of a workbook, fed text chunk by chunk. A general SAX parser
 * (saxes) spends most of a large sheet's read on work a sheet never needs, such as building an attribute
 * object for every cell (docs/bench.md has the profile); this one finds tags with indexOf, hands the
 * attributes over as raw text for the few elements that need them, and decodes text only when its
 * consumer asks for it. It still checks what makes a document well-formed enough to trust: tags nest and
 * match, attributes are quoted, entities are known, and the document ends. No DOCTYPE is accepted (no
 * entity expansion). xml-tokenizer.test.ts checks it against saxes on generated documents.
 */

export interface XmlSink {
  /**
   * `name` without its namespace prefix. The attributes are `source.slice(attrStart, attrEnd)`, handed over
   * as a range so that a tag whose attributes are not needed costs no string.
   */
  open(name: string, source: string, attrStart: number, attrEnd: number, selfClosing: boolean): void;
  close(name: string): void;
  /** Text (entities decoded), called only while `wantText` is true; one node may arrive in pieces. */
  text(text: string): void;
  wantText: boolean;
  /**
   * May take a whole element that starts at `s[at]` (a `<`) and is complete in `s`, and return the index
   * after it; -1 leaves it to the tokenizer. Only for elements that are well-formed by construction.
   */
  skim?(s: string, at: number): number;
}

export class XmlError extends Error {}

/** Text without a tag end for this long is not a workbook part (Excel caps a cell at 32,767 characters). */
export const MAX_PENDING_CHARS = 16 << 20;

const localName = (qualified: string) => {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
};

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character and entity references decoded; anything else after `&` is not well-formed. */
export function decodeEntities(raw: string): string {
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(';', amp);
    if (semi < 0 || semi - amp > 12) throw new XmlError(`a "&" that starts no entity: "${raw.slice(amp, amp + 12)}"`);
    const ref = raw.slice(amp + 1, semi);
    let ch: string | undefined;
    if (ref.charCodeAt(0) === 35 /* # */) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      const digits = ref[1] === 'x' ? /^#x[0-9a-fA-F]+$/ : /^#[0-9]+$/;
      if (!digits.test(ref) || !(code > 0 && code <= 0x10ffff)) throw new XmlError(`a bad character reference "&${ref};"`);
      ch = String.fromCodePoint(code);
    } else ch = ENTITIES[ref];
    if (ch === undefined) throw new XmlError(`an unknown entity "&${ref};"`);
    out += raw.slice(from, amp) + ch;
    from = semi + 1;
    amp = raw.indexOf('&', from);
  }
  return out + raw.slice(from);
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** Attributes as [name, value, name, value…], values decoded; names keep their prefix. */
export function parseAttributes(attrs: string): string[] {
  const out: string[] = [];
  const n = attrs.length;
  let i = 0;
  while (i < n) {
    if (isSpace(attrs.charCodeAt(i))) {
      i++;
      continue;
    }
    const eq = attrs.indexOf('=', i);
    if (eq < 0) throw new XmlError(`an attribute without a value: "${attrs.slice(i, i + 20)}"`);
    const name = attrs.slice(i, eq).trim();
    if (name === '' || /[\s"'<>]/.test(name)) throw new XmlError(`a bad attribute name "${name}"`);
    i = eq + 1;
    while (i < n && isSpace(attrs.charCodeAt(i))) i++;
    const quote = attrs[i];
    if (quote !== '"' && quote !== "'") throw new XmlError(`attribute ${name} has an unquoted value`);
    const end = attrs.indexOf(quote, i + 1);
    if (end < 0) throw new XmlError(`attribute ${name} has no closing quote`);
    const value = attrs.slice(i + 1, end);
    if (value.indexOf('<') >= 0) throw new XmlError(`attribute ${name} holds a "<"`);
    // XML reads a literal tab or line break in a value as a space (a character reference keeps it).
    out.push(name, decodeEntities(/[\t\n\r]/.test(value) ? value.replace(/\r\n|[\t\n\r]/g, ' ') : value));
    i = end + 1;
    if (i < n && !/\s/.test(attrs[i])) throw new XmlError(`attributes run together after ${name}`);
  }
  return out;
}

/** One attribute's value, or undefined: the common case of a cell's `r`, `t` and `s`. */
export function attribute(parsed: string[], name: string): string | undefined {
  for (let i = 0; i < parsed.length; i += 2) if (parsed[i] === name) return parsed[i + 1];
  return undefined;
}

export class XmlTokenizer {
  #sink: XmlSink;
  #rest = '';
  #stack: string[] = [];
  #seenRoot = false;
  /** Local names beside #stack's qualified ones. */
  #locals: string[] = [];
  /** Tag names already checked: a sheet has a handful, repeated millions of times. */
  #names: { name: string; local: string }[] = [];
  /** Characters consumed before #rest, for error positions. */
  #offset = 0;

  constructor(sink: XmlSink) {
    this.#sink = sink;
  }

  get depth(): number {
    return this.#stack.length;
  }

  /** The tag name at s[start, end), found among those seen before without cutting a string. */
  #nameAt(s: string, start: number, end: number): { name: string; local: string } {
    const length = end - start;
    for (const known of this.#names) if (known.name.length === length && s.startsWith(known.name, start)) return known;
    const name = s.slice(start, end);
    if (!/^[A-Za-z_][\w.:-]*$/.test(name)) throw new XmlError(`a bad tag name "<${name}"`);
    const known = { name, local: localName(name) };
    // A document with ever new names is not a workbook part; only the first few are remembered.
    if (this.#names.length < 64) this.#names.push(known);
    return known;
  }

  write(chunk: string): void {
    const s = this.#rest + chunk;
    const sink = this.#sink;
    const stack = this.#stack;
    const n = s.length;
    let i = 0;
    try {
      while (i < n) {
        const lt = s.indexOf('<', i);
        if (lt < 0) break;
        if (lt > i) {
          if (stack.length === 0) {
            if (s.slice(i, lt).trim() !== '') throw new XmlError('text outside the root element');
          } else if (sink.wantText) sink.text(decodeEntities(s.slice(i, lt)));
          i = lt;
        }
        if (lt + 1 >= n) break;
        const c = s.charCodeAt(lt + 1);
        if (c === 47 /* / */) {
          const gt = s.indexOf('>', lt);
          if (gt < 0) break;
          const open = stack.pop();
          // Compared in place: no string is cut for the millions of closing tags of a sheet.
          const matches =
            open !== undefined &&
            s.startsWith(open, lt + 2) &&
            (lt + 2 + open.length === gt || s.slice(lt + 2 + open.length, gt).trim() === '');
          if (!matches) {
            const name = s.slice(lt + 2, gt).trimEnd();
            throw new XmlError(open ? `</${name}> closes <${open}>` : `</${name}> closes nothing`);
          }
          sink.close(this.#locals.pop() as string);
          i = gt + 1;
        } else if (c === 63 /* ? */) {
          const end = s.indexOf('?>', lt);
          if (end < 0) break;
          i = end + 2;
        } else if (c === 33 /* ! */) {
          if (n - lt < 9) break;
          if (s.startsWith('<!--', lt)) {
            const end = s.indexOf('-->', lt + 4);
            if (end < 0) break;
            i = end + 3;
          } else if (s.startsWith('<![CDATA[', lt)) {
            const end = s.indexOf(']]>', lt + 9);
            if (end < 0) break;
            if (stack.length === 0) throw new XmlError('CDATA outside the root element');
            if (sink.wantText) sink.text(s.slice(lt + 9, end));
            i = end + 3;
          } else throw new XmlError('a document type declaration or unknown markup "<!"');
        } else {
          if (sink.skim !== undefined && stack.length > 0) {
            const after = sink.skim(s, lt);
            if (after >= 0) {
              i = after;
              continue;
            }
          }
          const gt = tagEnd(s, lt + 1);
          if (gt < 0) break;
          const selfClosing = s.charCodeAt(gt - 1) === 47;
          let nameEnd = lt + 1;
          while (nameEnd < gt) {
            const ch = s.charCodeAt(nameEnd);
            if (ch === 32 || ch === 47 || ch === 9 || ch === 10 || ch === 13 || ch === 62) break;
            nameEnd++;
          }
          const { name, local } = this.#nameAt(s, lt + 1, nameEnd);
          if (stack.length === 0) {
            if (this.#seenRoot) throw new XmlError('a second root element');
            this.#seenRoot = true;
          }
          if (!selfClosing) {
            stack.push(name);
            this.#locals.push(local);
          }
          sink.open(local, s, nameEnd, selfClosing ? gt - 1 : gt, selfClosing);
          if (selfClosing) sink.close(local);
          i = gt + 1;
        }
      }
    } catch (error) {
      if (error instanceof XmlError)
        throw new XmlError(`${error.message} (near character ${(this.#offset + i).toLocaleString('en-AU')})`);
      throw error;
    }
    this.#offset += i;
    this.#rest = i === 0 ? s : s.slice(i);
    if (this.#rest.length > MAX_PENDING_CHARS) {
      throw new XmlError(
        `more than ${MAX_PENDING_CHARS >> 20} MB of text without a tag (near character ${this.#offset.toLocaleString('en-AU')})`,
      );
    }
  }

  /** The document is complete: everything opened is closed. */
  end(): void {
    if (this.#rest.trim() !== '') {
      if (this.#sink.wantText && this.#stack.length > 0 && this.#rest.indexOf('<') < 0) {
        throw new XmlError('the document ends inside a text (it is cut short)');
      }
      throw new XmlError('the document ends inside a tag (it is cut short)');
    }
    if (this.#stack.length > 0) throw new XmlError(`the document ends before </${this.#stack.at(-1)}> (it is cut short)`);
    if (!this.#seenRoot) throw new XmlError('the document is empty');
  }
}

/** The index of the `>` that ends the tag starting at `from`, skipping quoted values; -1 if not yet in `s`. */
function tagEnd(s: string, from: number): number {
  let i = from;
  const n = s.length;
  while (i < n) {
    const gt = s.indexOf('>', i);
    if (gt < 0) return -1;
    // Most tags quote with `"`: find the first quote before the `>`, if any, and skip its value.
    let q = -1;
    for (let j = i; j < gt; j++) {
      const c = s.charCodeAt(j);
      if (c === 34 || c === 39) {
        q = j;
        break;
      }
      if (c === 60) throw new XmlError('a "<" inside a tag');
    }
    if (q < 0) return gt;
    const close = s.indexOf(s[q], q + 1);
    if (close < 0) return -1;
    i = close + 1;
  }
  return -1;
}
