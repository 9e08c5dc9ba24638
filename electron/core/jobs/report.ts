/**
 * The report of leads not accepted (docs/cli.md "Rejected report"): Row, every source column in its
 * original order and spelling, Stage, Error Reason. Values that a spreadsheet would run as formulas
 * are prefixed with a quote.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import * as XLSX from '@e965/xlsx';
import Papa from 'papaparse';
import type { JobStore } from '../store/job-store.ts';

const FORMULA_START = /^[=+\-@\t\r]/;
export const neutraliseFormula = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);

/** Leads not accepted only, or also the ones fixed since and not sent yet (Stage `fixed`). */
export type ReportScope = 'notAccepted' | 'alsoFixed';

const WHERE: Record<ReportScope, string> = {
  notAccepted: "AND status IN ('invalid','rejected','review')",
  alsoFixed: "AND (status IN ('invalid','rejected','review') OR (fixed = 1 AND status = 'ready'))",
};

function* reportRows(store: JobStore, jobId: string, columns: number, scope: ReportScope): Generator<string[]> {
  let after = -1;
  while (true) {
    const leads = store.leadsFrom(jobId, after, 5000, WHERE[scope]);
    if (leads.length === 0) return;
    for (const lead of leads) {
      const cells = lead.cells.slice(0, Math.max(columns, lead.cells.length));
      while (cells.length < columns) cells.push('');
      const stage = lead.status === 'ready' ? 'fixed' : lead.status === 'invalid' ? 'local' : 'server';
      yield [String(lead.rowNumber), ...cells, stage, lead.status === 'ready' ? '' : (lead.reason ?? '')].map(neutraliseFormula);
    }
    after = leads[leads.length - 1].seq;
  }
}

/** Writes the report as CSV or XLSX (by extension) and returns how many leads it lists. */
export async function writeRejectedReport(
  store: JobStore,
  jobId: string,
  path: string,
  scope: ReportScope = 'notAccepted',
): Promise<number> {
  const job = store.getJob(jobId);
  if (!job) throw new Error(`no job ${jobId}`);
  // Headers come from the file too: a hostile one is neutralised like any value.
  const header = ['Row', ...job.source.rawHeaders.map(neutraliseFormula), 'Stage', 'Error Reason'];
  const columns = job.source.rawHeaders.length;
  let count = 0;
  if (extname(path).toLowerCase() === '.xlsx') {
    const rows: string[][] = [header];
    for (const row of reportRows(store, jobId, columns, scope)) {
      rows.push(row);
      count++;
    }
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Not accepted');
    await writeFile(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }));
    return count;
  }
  const out = createWriteStream(path);
  out.write(`\ufeff${Papa.unparse([header])}\r\n`);
  for (const row of reportRows(store, jobId, columns, scope)) {
    if (!out.write(`${Papa.unparse([row], { quotes: false })}\r\n`)) await once(out, 'drain');
    count++;
  }
  out.end();
  await once(out, 'finish');
  return count;
}
