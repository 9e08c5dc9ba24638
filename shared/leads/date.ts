/**
 * `njCallBackDate` values to the server's `yyyy/MM/dd HH:mm`. Accepted: that format, ISO 8601, and
 * `dd/MM/yyyy HH:mm` (day first unless the user switched to month first), with -, / or . between parts,
 * and spreadsheet date cells. A time zone in an ISO value is ignored: the server reads the time in the
 * lead's Contact Hours zone, so the wall-clock time as written is what the user meant.
 */
import type { DateOrder } from '../contract.ts';

export type { DateOrder };
export type DateResult = { ok: true; value: string } | { ok: false; reason: string };

const pad = (n: number) => String(n).padStart(2, '0');
const DEFAULT_HOUR = 9;

/**
 * A date without a time is called back at 09:00. That is common and not a problem, so it is said once where
 * call-back dates are mapped (the Preview, the command line's output), never as a warning on every row.
 */
export const NO_TIME_NOTE = `Call-back dates without a time are set for ${pad(DEFAULT_HOUR)}:00.`;

export function formatCallBack(y: number, mo: number, d: number, h: number, mi: number): string {
  return `${y}/${pad(mo)}/${pad(d)} ${pad(h)}:${pad(mi)}`;
}

function build(text: string, y: number, mo: number, d: number, time: string | undefined, ampm?: string): DateResult {
  let h = DEFAULT_HOUR;
  let mi = 0;
  if (time) {
    const [hh, mm] = time.split(':').map(Number);
    h = hh;
    mi = mm ?? 0;
    if (ampm) {
      if (h < 1 || h > 12) return { ok: false, reason: `"${text}" has an impossible time` };
      h = (h % 12) + (/p/i.test(ampm) ? 12 : 0);
    }
  }
  if (h > 23 || mi > 59) return { ok: false, reason: `"${text}" has an impossible time` };
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    return { ok: false, reason: `"${text}" is not a real date` };
  }
  if (y < 1900 || y > 2200) return { ok: false, reason: `"${text}" has an unlikely year ${y}` };
  return { ok: true, value: formatCallBack(y, mo, d, h, mi) };
}

const TIME = String.raw`(?:[ T]+(\d{1,2}:\d{2})(?::\d{2}(?:\.\d+)?)?\s*([ap]\.?m\.?)?)?`;
const SERVER = new RegExp(`^(\\d{4})/(\\d{1,2})/(\\d{1,2})${TIME}$`, 'i');
const ISO = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})${TIME}(?:Z|[+-]\\d{2}:?\\d{2})?$`, 'i');
const NUMERIC = new RegExp(`^(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})${TIME}$`, 'i');

export function normaliseDate(text: string, order: DateOrder, raw?: number | Date): DateResult {
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return { ok: false, reason: `"${text}" is not a real date` };
    // Spreadsheet date cells carry the wall-clock time the sheet shows, read in UTC by the reader. A cell
    // that shows a date only (no time in its text) and holds midnight is a date without a time: 09:00, as
    // for a date typed without one. A time the cell shows, midnight included, is kept.
    const dateOnly = raw.getUTCHours() === 0 && raw.getUTCMinutes() === 0 && !/\d:\d/.test(text);
    return {
      ok: true,
      value: formatCallBack(
        raw.getUTCFullYear(),
        raw.getUTCMonth() + 1,
        raw.getUTCDate(),
        dateOnly ? DEFAULT_HOUR : raw.getUTCHours(),
        raw.getUTCMinutes(),
      ),
    };
  }
  const t = text.trim();
  let m = SERVER.exec(t) ?? ISO.exec(t);
  if (m) return build(t, Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5]);
  m = NUMERIC.exec(t);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    const [d, mo] = order === 'dmy' ? [a, b] : [b, a];
    return build(t, Number(m[3]), mo, d, m[4], m[5]);
  }
  return {
    ok: false,
    reason: `"${t}" is not a date in a known format (yyyy/MM/dd HH:mm, ${order === 'dmy' ? 'dd/MM/yyyy' : 'MM/dd/yyyy'} HH:mm or ISO 8601)`,
  };
}
