/**
 * The batch insert's only per-lead result is its message (docs/campaigner-api.md):
 *
 *   Imported 1 Updated 0 Rejected 2 leads.
 *
 *   Errors (If any):
 *    Name,State,FirstPhone,Error Reason,
 *   "Smith, Bob",Vic,0383218199,Duplicate phone number 0383218199,
 *   OK
 *
 * The header lists field names in the server's order, not the request's. Parsed defensively: anything
 * unexpected is reported, never guessed.
 */
import Papa from 'papaparse';

export interface RejectedLine {
  values: Record<string, string>;
  reason: string;
  raw: string;
}

export interface BatchReply {
  counts?: { imported: number; updated: number; rejected: number };
  rejected: RejectedLine[];
  /** Lines that could not be read as rejected leads. */
  unreadable: string[];
}

const COUNT_LINE = /Imported\s+(\d+)\s+Updated\s+(\d+)\s+Rejected\s+(\d+)/i;

/** Splits CSV text into records (quoted fields may hold commas, quotes and newlines). */
export function parseCsvRecords(text: string): string[][] {
  const records = Papa.parse<string[]>(text, { delimiter: ',', quoteChar: '"', skipEmptyLines: false }).data;
  // A closing line break leaves one empty record behind it; it is not a line of the reply.
  const last = records.at(-1);
  if (last && last.length === 1 && last[0] === '') records.pop();
  return records;
}

export function parseBatchReply(message: string): BatchReply {
  const reply: BatchReply = { rejected: [], unreadable: [] };
  const counts = COUNT_LINE.exec(message);
  if (counts) reply.counts = { imported: Number(counts[1]), updated: Number(counts[2]), rejected: Number(counts[3]) };
  const marker = /Errors \(If any\):[ \t]*\r?\n/i.exec(message);
  if (!marker) return reply;
  let block = message.slice(marker.index + marker[0].length);
  block = block.replace(/\r?\n?\s*OK\s*$/, '');
  const records = parseCsvRecords(block.replace(/^[ \t]+/, ''));
  if (records.length === 0) return reply;
  const header = records[0].map((h) => h.trim());
  while (header.length && header[header.length - 1] === '') header.pop();
  const reasonIndex = header.findIndex((h) => /^error reason$/i.test(h));
  if (reasonIndex < 0) {
    reply.unreadable.push(...records.map((r) => r.join(',')));
    return reply;
  }
  for (const record of records.slice(1)) {
    const raw = record.join(',');
    if (record.every((c) => c.trim() === '')) continue;
    if (record.length < header.length) {
      reply.unreadable.push(raw);
      continue;
    }
    // The server writes the reason unquoted, so a reason with commas spreads over several cells: the
    // surplus cells (beyond the header, not counting a trailing comma) belong to the reason.
    const used = record.length > header.length && record.at(-1) === '' ? record.length - 1 : record.length;
    const extra = Math.max(0, used - header.length);
    const values: Record<string, string> = {};
    header.forEach((name, i) => {
      if (i < reasonIndex) values[name] = record[i];
      else if (i > reasonIndex) values[name] = record[i + extra];
    });
    const reason = record
      .slice(reasonIndex, reasonIndex + 1 + extra)
      .join(',')
      .trim();
    reply.rejected.push({ values, reason, raw });
  }
  return reply;
}

export const isDuplicateReason = (reason: string) => /duplicate/i.test(reason);
