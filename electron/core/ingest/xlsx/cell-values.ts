/**
 * A raw cell → what a person sees in Excel (its text, through the cell's number format) and, for numbers
 * and dates, the underlying value: exactly what the SheetJS reader gives for the same cell (the phone
 * checks rely on it: a phone stored as a number shows as Excel's "General" shows it), so that a workbook
 * reads the same whichever reader has it. The formats themselves are SheetJS's (SSF), loaded only when a
 * workbook needs them (loadFormats): SheetJS is a large module, and most lead lists hold text and whole
 * numbers only, whose texts need no format.
 */
import type * as SheetJS from '@e965/xlsx';
import { unescapeOoxml } from './sheet-xml.ts';

let ssf: typeof SheetJS.SSF | undefined;

/** Whether SheetJS's number formats are loaded (for tests). */
export const formatsLoaded = (): boolean => ssf !== undefined;

/** Loads SheetJS's number formats, once. */
export async function loadFormats(): Promise<void> {
  ssf ??= (await import('@e965/xlsx')).SSF;
}

/**
 * Thrown by a cell reader for a cell whose text needs the number formats before they are loaded: the
 * caller loads them and reads the cell again.
 */
export class FormatsNeeded extends Error {
  constructor() {
    super('the number formats are not loaded');
  }
}

function loadedFormats(): typeof SheetJS.SSF {
  if (!ssf) throw new FormatsNeeded();
  return ssf;
}

export interface WorkbookFormats {
  /** Each cell format's number format id (`<cellXfs>`), or undefined when the workbook has no styles. */
  cellFormats: (number | undefined)[] | undefined;
  /** Number format id → format code: the built-in table with the workbook's own `<numFmts>` over it. */
  codes: Map<number, string>;
  date1904: boolean;
}

/** Excel's built-in formats as SheetJS knows them: its table, and the defaults it uses for ids not in it. */
const IMPLICIT: Record<number, string> = {
  5: '"$"#,##0_);\\("$"#,##0\\)',
  6: '"$"#,##0_);[Red]\\("$"#,##0\\)',
  7: '"$"#,##0.00_);\\("$"#,##0.00\\)',
  8: '"$"#,##0.00_);[Red]\\("$"#,##0.00\\)',
  23: 'General',
  24: 'General',
  25: 'General',
  26: 'General',
  27: 'm/d/yy',
  28: 'm/d/yy',
  29: 'm/d/yy',
  30: 'm/d/yy',
  31: 'm/d/yy',
  32: 'h:mm:ss',
  33: 'h:mm:ss',
  34: 'h:mm:ss',
  35: 'h:mm:ss',
  36: 'm/d/yy',
  41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)',
  42: '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)',
  43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
  44: '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)',
  50: 'm/d/yy',
  51: 'm/d/yy',
  52: 'm/d/yy',
  53: 'm/d/yy',
  54: 'm/d/yy',
  55: 'm/d/yy',
  56: 'm/d/yy',
  57: 'm/d/yy',
  58: 'm/d/yy',
  59: '0',
  60: '0.00',
  61: '#,##0',
  62: '#,##0.00',
  63: '"$"#,##0_);\\("$"#,##0\\)',
  64: '"$"#,##0_);[Red]\\("$"#,##0\\)',
  65: '"$"#,##0.00_);\\("$"#,##0.00\\)',
  66: '"$"#,##0.00_);[Red]\\("$"#,##0.00\\)',
  67: '0%',
  68: '0.00%',
  69: '# ?/?',
  70: '# ??/??',
  71: 'm/d/yy',
  72: 'm/d/yy',
  73: 'd-mmm-yy',
  74: 'd-mmm',
  75: 'mmm-yy',
  76: 'h:mm',
  77: 'h:mm:ss',
  78: 'm/d/yy h:mm',
  79: 'mm:ss',
  80: '[h]:mm:ss',
  81: 'mmss.0',
};

const BUILT_IN: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'm/d/yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
  56: '"上午/下午 "hh"時"mm"分"ss"秒 "',
};

/** Whether any cell format of the workbook is more than General (its cells' texts then need SheetJS's formats). */
export const usesFormats = (workbook: WorkbookFormats): boolean =>
  workbook.cellFormats?.some((id) => id !== undefined && id !== 0) ?? false;

export function builtInCodes(): Map<number, string> {
  return new Map(Object.entries(BUILT_IN).map(([id, code]) => [Number(id), code]));
}

/** A kept cell's text and value. */
export interface CellValue {
  text: string;
  raw: number | Date | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);

/** An Excel serial day number → the date SheetJS makes of it (day 60, 1900's phantom 29 February, stays a number). */
function serialToDate(serial: number): Date | number {
  if (serial >= 60 && serial < 61) return serial;
  return new Date((serial > 60 ? serial : serial + 1) * DAY_MS + EPOCH_1900);
}

/** SheetJS's reading of an ISO date (`parseDate`): these forms in UTC, a bare time on the system's day 0. */
const ISO_TIME = /^(\d+):(\d+)(:\d+)?(\.\d+)?$/;
const ISO_DAY = /^(\d+)-(\d+)-(\d+)$/;
const ISO_DAY_TIME = /^(\d+)-(\d+)-(\d+)[T ](\d+):(\d+)(:\d+)?(\.\d+)?$/;
const DAY0_1900 = Date.UTC(1899, 11, 31);
const DAY0_1904 = Date.UTC(1904, 0, 1);
const millis = (fraction: string | undefined) => (fraction ? Number.parseInt(`${fraction}000`.slice(1, 4), 10) : 0);
const seconds = (part: string | undefined) => (part ? Number.parseInt(part.slice(1), 10) : 0);

function isoDate(text: string, date1904: boolean): Date {
  let m = ISO_TIME.exec(text);
  if (m) {
    const secs = (Number.parseInt(m[1], 10) * 60 + Number.parseInt(m[2], 10)) * 60 + seconds(m[3]);
    return new Date((date1904 ? DAY0_1904 : DAY0_1900) + secs * 1000 + millis(m[4]));
  }
  m = ISO_DAY.exec(text);
  if (m) return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], 0, 0, 0, 0));
  m = ISO_DAY_TIME.exec(text);
  if (m) return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], seconds(m[6]), millis(m[7])));
  return new Date(text);
}

/** SheetJS's serial number of a date (`datenum`), with the 1900 system's phantom 29 February. */
function serialOf(date: Date, date1904: boolean): number {
  const days = (date.getTime() - EPOCH_1900) / DAY_MS;
  if (date1904) {
    const serial = days - 1462;
    return serial < -1402 ? serial - 1 : serial;
  }
  return days < 60 ? days - 1 : days;
}

/** A date to the minute (as the SheetJS reader gives it, past sub-second rounding noise). */
const toMinute = (date: Date) => new Date(Math.round(date.getTime() / 60_000) * 60_000);

interface FormatInfo {
  code: string;
  isDate: boolean;
}

/** Formats by cell format index, resolved once per workbook. */
export function createCellReader(
  formats: WorkbookFormats,
  strings: (index: number) => string | undefined,
  /**
   * Hears every cell text that is neither a shared string as it stands (the table watches those) nor a
   * number's own digits: what a number format wrote, a formula's string, an inline string, a date as written.
   */
  onOtherText: (text: string) => void = () => {},
) {
  const byStyle: (FormatInfo | undefined)[] = [];
  const general: FormatInfo = { code: 'General', isDate: false };
  const options = { date1904: formats.date1904 };

  const formatOf = (style: number): FormatInfo => {
    if (!formats.cellFormats) return general;
    let info = byStyle[style];
    if (info) return info;
    const id = formats.cellFormats[style] ?? 0;
    const code = id === 0 ? 'General' : (formats.codes.get(id) ?? IMPLICIT[id] ?? 'General');
    info = id === 0 ? general : { code, isDate: loadedFormats().is_date(code) };
    byStyle[style] = info;
    return info;
  };

  const format = (code: string, value: unknown, fallback: () => string): string => {
    const ssf = loadedFormats();
    let text: string;
    try {
      text = ssf.format(code, value, options);
    } catch {
      // SheetJS keeps a cell whose format fails with no formatted text: the value is shown as it is.
      text = fallback();
    }
    onOtherText(text);
    return text;
  };
  const other = (text: string) => {
    onOtherText(text);
    return text;
  };

  const out: CellValue = { text: '', raw: undefined };
  const set = (text: string, raw: number | Date | undefined = undefined) => {
    out.text = text;
    out.raw = raw;
    return out;
  };
  const stringText = (info: FormatInfo, text: string) => (info === general ? text : format(info.code, text, () => text));

  /**
   * A cell (see CellTarget) → its text and value, in an object reused from call to call; undefined for a
   * cell SheetJS leaves out (one without a value).
   */
  return function readCell(
    type: string,
    style: number,
    value: string | undefined,
    inline: string | undefined,
    plain = false,
    /** A shared string's index, read already as a number. */
    sharedIndex = -1,
  ): CellValue | undefined {
    const info = style < 0 ? general : formatOf(style);
    switch (type) {
      case '':
      case 'n': {
        if (value === undefined) return undefined;
        const n = Number.parseFloat(value);
        let text: string;
        if (info === general) text = (n | 0) === n ? n.toString(10) : format('General', n, () => String(n));
        else text = format(info.code, n, () => String(n));
        if (info.isDate && formats.cellFormats) {
          const date = serialToDate(n + (formats.date1904 ? 1462 : 0));
          return set(text, typeof date === 'number' ? date : toMinute(date));
        }
        return set(text, n);
      }
      case 's': {
        if (value === undefined && sharedIndex < 0) return undefined;
        const text = strings(sharedIndex >= 0 ? sharedIndex : Number.parseInt(value as string, 10));
        return set(text === undefined ? '' : stringText(info, text));
      }
      case 'str':
        return set(stringText(info, other(plain ? (value ?? '') : unescapeOoxml(value ?? ''))));
      case 'inlineStr':
        return set(inline === undefined ? '' : stringText(info, other(inline)));
      case 'b': {
        const b = value === '1' || value === 'true';
        return set(info === general ? (b ? 'TRUE' : 'FALSE') : format(info.code, b, () => String(b)));
      }
      case 'e':
        return set('');
      case 'd': {
        // An ISO date (`t="d"`): SheetJS's date of it, shown through the cell's format as the serial number
        // it stands for (General: that number, as Excel's General shows it).
        if (value === undefined) return set('');
        const date = isoDate(value, formats.date1904);
        // Not a date SheetJS could read either: the text as written, with no value.
        if (Number.isNaN(date.getTime())) return set(other(value));
        const serial = serialOf(date, formats.date1904);
        const fallback = () => date.toISOString();
        let text: string;
        if (info !== general) text = format(info.code, serial, fallback);
        else text = (serial | 0) === serial ? serial.toString(10) : format('General', serial, fallback);
        return set(text, toMinute(date));
      }
      default:
        return set(other(value ?? ''));
    }
  };
}
