/**
 * Reports of a job's leads, as CSV or XLSX (by extension):
 * - not accepted (docs/cli.md "Rejected report"): Row, every source column in its original order and
 *   spelling, Stage, Error Reason. The command line writes the contract's stage codes (`local`, `server`);
 *   the app writes them as words a campaign manager reads ("found before sending", "refused by the server").
 * - accepted: Row, every source column, Result ("added", "updated an existing lead").
 * The not-accepted report can also hold the leads fixed since and not resubmitted (Stage `fixed`), and its
 * file name says so. Values that a spreadsheet would run as formulas are prefixed with a quote.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import * as XLSX from '@e965/xlsx';
import Papa from 'papaparse';
import type { LeadStatus } from '../../../shared/contract.ts';
import type { JobStore } from '../store/job-store.ts';

const FORMULA_START = /^[=+\-@\t\r]/;
export const neutraliseFormula = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);

export const STAGE_CODES: Partial<Record<LeadStatus, string>> = { invalid: 'local', rejected: 'server', review: 'server' };
export const STAGE_WORDS: Partial<Record<LeadStatus, string>> = {
  invalid: 'found before sending',
  rejected: 'refused by the server',
  review: 'to check on the server (the answer was lost)',
};
/** A lead fixed since it was refused or found invalid, not resubmitted yet (status `ready`, `fixed` set). */
const FIXED_STAGE = { code: 'fixed', words: 'fixed, not resubmitted yet' };

/** Leads not accepted only, or also the ones fixed since and not sent yet. */
export type ReportScope = 'notAccepted' | 'alsoFixed';

const NOT_ACCEPTED = "status IN ('invalid','rejected','review')";
const WHERE: Record<ReportScope, string> = {
  notAccepted: `AND ${NOT_ACCEPTED}`,
  alsoFixed: `AND (${NOT_ACCEPTED} OR (fixed = 1 AND status = 'ready'))`,
};
export const RESULT_WORDS: Partial<Record<LeadStatus, string>> = { imported: 'added', updated: 'updated an existing lead' };

interface ReportKind {
  /** The SQL condition on the job's leads (see WHERE). */
  where: string;
  sheet: string;
  /** Header cells after the source columns. */
  tail: string[];
  /** Cells after the source columns, for one lead. */
  cells(lead: { status: LeadStatus; reason?: string }): string[];
}

function* reportRows(store: JobStore, jobId: string, columns: number, kind: ReportKind): Generator<string[]> {
  let after = -1;
  while (true) {
    const leads = store.leadsFrom(jobId, after, 5000, kind.where);
    if (leads.length === 0) return;
    for (const lead of leads) {
      const cells = lead.cells.slice(0, Math.max(columns, lead.cells.length));
      while (cells.length < columns) cells.push('');
      yield [String(lead.rowNumber), ...cells, ...kind.cells(lead)].map(neutraliseFormula);
    }
    after = leads[leads.length - 1].seq;
  }
}

async function writeReport(store: JobStore, jobId: string, path: string, kind: ReportKind): Promise<number> {
  const job = store.getJob(jobId);
  if (!job) throw new Error(`no job ${jobId}`);
  // Headers come from the file too: a hostile one is neutralised like any value.
  const header = ['Row', ...job.source.rawHeaders.map(neutraliseFormula), ...kind.tail];
  const columns = job.source.rawHeaders.length;
  let count = 0;
  if (extname(path).toLowerCase() === '.xlsx') {
    const rows: string[][] = [header];
    for (const row of reportRows(store, jobId, columns, kind)) {
      rows.push(row);
      count++;
    }
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), kind.sheet);
    await writeFile(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }));
    return count;
  }
  const out = createWriteStream(path);
  out.write(`\ufeff${Papa.unparse([header])}\r\n`);
  for (const row of reportRows(store, jobId, columns, kind)) {
    if (!out.write(`${Papa.unparse([row], { quotes: false })}\r\n`)) await once(out, 'drain');
    count++;
  }
  out.end();
  await once(out, 'finish');
  return count;
}

/**
 * Writes the leads not accepted (and with `scope: 'alsoFixed'` the fixed ones not resubmitted) and returns how
 * many it lists. `stageWords`: the Stage column in words (the app's export) rather than the command line's codes.
 */
export function writeRejectedReport(
  store: JobStore,
  jobId: string,
  path: string,
  options: { stageWords?: boolean; scope?: ReportScope } = {},
) {
  const words = options.stageWords === true;
  const stages = words ? STAGE_WORDS : STAGE_CODES;
  return writeReport(store, jobId, path, {
    where: WHERE[options.scope ?? 'notAccepted'],
    sheet: 'Not accepted',
    tail: ['Stage', 'Error Reason'],
    cells: (lead) =>
      lead.status === 'ready'
        ? [words ? FIXED_STAGE.words : FIXED_STAGE.code, '']
        : [stages[lead.status] ?? '', lead.reason ?? ''],
  });
}

/** Writes the leads the server accepted (added or updated) and returns how many it lists. */
export function writeAcceptedReport(store: JobStore, jobId: string, path: string) {
  return writeReport(store, jobId, path, {
    where: "AND status IN ('imported','updated')",
    sheet: 'Accepted',
    tail: ['Result'],
    cells: (lead) => [RESULT_WORDS[lead.status] ?? ''],
  });
}
