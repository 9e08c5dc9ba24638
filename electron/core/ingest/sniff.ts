/**
 * A first look at a file's bytes: is it text at all, which encoding, and is it really what its
 * extension says. Wrong guesses here are what make other import tools mangle names like "Zoë Müller".
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | string;

export interface TextSniff {
  encoding: TextEncoding;
  /** Bytes of a byte-order mark to skip. */
  bomLength: number;
}

export function detectEncoding(head: Uint8Array): TextSniff {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return { encoding: isValidUtf8Prefix(head) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/** UTF-8 validity of a sample that may end in the middle of a character. */
export function isValidUtf8Prefix(bytes: Uint8Array): boolean {
  let end = bytes.length;
  // Drop an incomplete multi-byte sequence at the very end of the sample.
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = bytes[end - back];
    if ((b & 0xc0) === 0x80) continue;
    if (b >= 0xc0) {
      const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (back < needed) end -= back;
    }
    break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

export type BinaryVerdict = { binary: false } | { binary: true; what: string };

/** Recognises files that are not text: PDFs, images, archives and workbooks renamed .csv, executables. */
export function sniffBinary(head: Uint8Array, encoding: TextEncoding): BinaryVerdict {
  const starts = (...sig: number[]) => sig.every((b, i) => head[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46)) return { binary: true, what: 'a PDF document' };
  if (starts(0x50, 0x4b, 0x03, 0x04)) return { binary: true, what: 'a zip archive (an .xlsx or .ods workbook?)' };
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return { binary: true, what: 'an Office document (an .xls workbook?)' };
  if (starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff) || starts(0x47, 0x49, 0x46))
    return { binary: true, what: 'an image' };
  if (starts(0x7f, 0x45, 0x4c, 0x46) || starts(0x4d, 0x5a)) return { binary: true, what: 'a program' };
  if (encoding.startsWith('utf-16')) return { binary: false };
  const sample = head.subarray(0, 4096);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return { binary: true, what: 'binary data (it contains NUL bytes)' };
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.05) return { binary: true, what: 'binary data' };
  return { binary: false };
}
