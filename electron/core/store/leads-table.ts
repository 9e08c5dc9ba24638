/**
 * The `leads` table: writing a file's leads, a new verdict or new cells for some of them, and reading
 * pages, filters, counts and reason groups. Sending's reads and writes are in attempts.ts.
 */
import type { Counts, Issue, LeadStatus, ReasonGroup, RowFilter } from '../../../shared/contract.ts';
import { decodeCells, encodeCells, splitCellRows } from './cells.ts';
import { base, parseJson, SPAN, type StoreDatabase } from './database.ts';
import { type LeadBatch, type LeadDetail, leadDetail, reasonGroupOf } from './lead-batch.ts';
import { emptyCounts, type LeadRow, type LeadWrite } from './records.ts';

/** Plain leads written by one INSERT statement (3 values each, well under SQLite's 32,766 variables). */
const PLAIN_ROWS = 64;
/**
 * Leads with more to write (a warning, a workbook value) go DETAILED_ROWS to a statement when they come
 * one after another, as every row of a workbook whose phones are stored as numbers does.
 */
const DETAILED_ROWS = 32;

/** The SQL condition of each row filter (also used to select rows for a correction). */
export const FILTERS: Record<RowFilter, string> = {
  all: '',
  valid: "AND status NOT IN ('invalid','skipped')",
  invalid: "AND status = 'invalid'",
  warnings: 'AND has_warning = 1',
  rejected: "AND status = 'rejected'",
  notAccepted: "AND status IN ('invalid','rejected','review')",
  imported: "AND status = 'imported'",
  updated: "AND status = 'updated'",
  notSent: "AND status IN ('ready','sending')",
  toCheck: "AND status = 'review'",
  changed: 'AND edited = 1',
  skipped: "AND status = 'skipped'",
  fixed: "AND fixed = 1 AND status = 'ready'",
};

export const toLead = (r: Record<string, unknown>): LeadRow => ({
  seq: (r.id as number) % SPAN,
  rowNumber: r.row_number as number,
  cells: decodeCells(r.cells as string),
  raw: parseJson(r.raw),
  payload: parseJson(r.payload),
  status: r.status as LeadStatus,
  issues: parseJson<Issue[]>(r.issues) ?? [],
  reason: (r.reason as string | null) ?? undefined,
  attempts: r.attempts as number,
  uncertain: r.uncertain === 1,
  edited: r.edited === 1,
  fixed: r.fixed === 1,
  original: typeof r.original === 'string' ? decodeCells(r.original) : undefined,
});

/** Every column the store writes for a lead, in the order of the INSERT and UPDATE statements below. */
const detailValues = (id: number, rowNumber: number, cells: string, d: LeadDetail) =>
  [id, rowNumber, cells, d.raw, d.payload, d.status, d.issues, d.hasWarning, d.reason, d.reasonGroup] as const;

export function createLeadsTable({ sql, transaction }: StoreDatabase) {
  const leadValues = (jobId: number, lead: LeadWrite) =>
    detailValues(base(jobId) + lead.seq, lead.rowNumber, encodeCells(lead.cells), leadDetail(lead, 0));

  return {
    /**
     * Writes a batch built by encodeLeadBatch in one transaction. Most leads of a large file are ready
     * with nothing to remark: they go PLAIN_ROWS to a statement, three values each, because the cost of a
     * write through node:sqlite is mostly per statement run, not per value (a third of the time, measured).
     */
    insertBatch(jobId: string, batch: LeadBatch): void {
      const one = sql("INSERT INTO leads (id, row_number, cells, status) VALUES (?,?,?,'ready')");
      const many = sql(
        `INSERT INTO leads (id, row_number, cells, status) VALUES ${new Array(PLAIN_ROWS).fill("(?,?,?,'ready')").join(',')}`,
      );
      const detailedColumns =
        'INSERT INTO leads (id, row_number, cells, raw, payload, status, issues, has_warning, reason, reason_group) VALUES';
      const detailed = sql(`${detailedColumns} (?,?,?,?,?,?,?,?,?,?)`);
      const manyDetailed = sql(`${detailedColumns} ${new Array(DETAILED_ROWS).fill('(?,?,?,?,?,?,?,?,?,?)').join(',')}`);
      const first = base(jobId);
      const { seqs, rowNumbers, details } = batch;
      const cells = splitCellRows(batch.cells, seqs.length);
      const values: (number | string)[] = new Array(PLAIN_ROWS * 3);
      /** Plain leads from `from` up to `to` (excluded). */
      const plain = (from: number, to: number) => {
        let i = from;
        for (; i + PLAIN_ROWS <= to; i += PLAIN_ROWS) {
          for (let k = 0, v = 0; k < PLAIN_ROWS; k++) {
            values[v++] = first + seqs[i + k];
            values[v++] = rowNumbers[i + k];
            values[v++] = cells[i + k];
          }
          many.run(...values);
        }
        for (; i < to; i++) one.run(first + seqs[i], rowNumbers[i], cells[i]);
      };
      const detailedRow = (d: LeadDetail) => detailValues(first + seqs[d.index], rowNumbers[d.index], cells[d.index], d);
      const manyValues: (number | string | null)[] = new Array(DETAILED_ROWS * 10);
      /** Whether details[j, j + DETAILED_ROWS) are leads one after another. */
      const runAt = (j: number) =>
        j + DETAILED_ROWS <= details.length && details[j + DETAILED_ROWS - 1].index - details[j].index === DETAILED_ROWS - 1;
      transaction(() => {
        let next = 0;
        let j = 0;
        while (j < details.length) {
          plain(next, details[j].index);
          if (runAt(j)) {
            let v = 0;
            for (let k = j; k < j + DETAILED_ROWS; k++) for (const value of detailedRow(details[k])) manyValues[v++] = value;
            manyDetailed.run(...manyValues);
            j += DETAILED_ROWS;
          } else detailed.run(...detailedRow(details[j++]));
          next = details[j - 1].index + 1;
        }
        plain(next, seqs.length);
      });
    },

    /** Replaces what will be sent for a batch of leads (a new mapping, an edit), in one transaction. */
    rewriteLeads(jobId: string, leads: readonly (LeadWrite & { edited?: boolean })[]): void {
      const update = sql(
        'UPDATE leads SET row_number = ?, cells = ?, raw = ?, payload = ?, status = ?, issues = ?, has_warning = ?, reason = ?, reason_group = ?, edited = edited OR ? WHERE id = ?',
      );
      const id = Number(jobId);
      transaction(() => {
        for (const lead of leads) {
          const [rowid, ...rest] = leadValues(id, lead);
          update.run(...rest, lead.edited ? 1 : 0, rowid);
        }
      });
    },

    /**
     * A new verdict for leads whose cells are unchanged (a mapping applied again, jobs/remap.ts): only the
     * status, issues and reason are written, not the cells.
     */
    rejudgeLeads(jobId: string, verdicts: readonly Pick<LeadWrite, 'seq' | 'status' | 'issues' | 'reason'>[]): void {
      const update = sql('UPDATE leads SET status = ?, issues = ?, has_warning = ?, reason = ?, reason_group = ? WHERE id = ?');
      const first = base(jobId);
      transaction(() => {
        for (const v of verdicts) {
          const issues = v.issues?.length ? JSON.stringify(v.issues) : null;
          const hasWarning = v.issues?.some((i) => i.severity === 'warning') ? 1 : 0;
          const reason = v.reason ?? null;
          update.run(v.status, issues, hasWarning, reason, reason ? reasonGroupOf(reason) : null, first + v.seq);
        }
      });
    },

    /** Leads in source order from `afterSeq`, for re-mapping or reports. */
    leadsFrom(jobId: string, afterSeq: number, limit: number, where = ''): LeadRow[] {
      const rows = sql(`SELECT * FROM leads WHERE id > ? AND id < ? ${where} ORDER BY id LIMIT ?`).all(
        base(jobId) + afterSeq,
        base(jobId) + SPAN,
        limit,
      );
      return (rows as Record<string, unknown>[]).map(toLead);
    },

    leadByRow(jobId: string, rowNumber: number): LeadRow | undefined {
      const r = sql('SELECT * FROM leads WHERE id >= ? AND id < ? AND row_number = ?').get(
        base(jobId),
        base(jobId) + SPAN,
        rowNumber,
      );
      return r ? toLead(r as Record<string, unknown>) : undefined;
    },

    countByStatus(jobId: string): Counts {
      const counts = emptyCounts();
      const rows = sql(
        'SELECT status, count(*) AS n, sum(has_warning) AS w FROM leads WHERE id >= ? AND id < ? GROUP BY status',
      ).all(base(jobId), base(jobId) + SPAN);
      for (const r of rows as { status: LeadStatus; n: number; w: number }[]) {
        counts[r.status] = r.n;
        counts.total += r.n;
        counts.warnings += r.w;
      }
      return counts;
    },

    rows(
      jobId: string,
      offset: number,
      limit: number,
      filter: RowFilter,
      reason?: string,
      search?: string,
    ): { total: number; rows: LeadRow[] } {
      const range = [base(jobId), base(jobId) + SPAN];
      if (filter === 'all' && reason === undefined && !search) {
        // Positions are dense from 0, so a page of "all" is a rowid range: as fast at row 999,000 as at row 0.
        const total = (sql('SELECT count(*) AS n FROM leads WHERE id >= ? AND id < ?').get(...range) as { n: number }).n;
        const rows = sql('SELECT * FROM leads WHERE id >= ? AND id < ? ORDER BY id LIMIT ?').all(
          range[0] + offset,
          range[1],
          limit,
        );
        return { total, rows: (rows as Record<string, unknown>[]).map(toLead) };
      }
      // The same conditions as a correction's selection (jobs/selection.ts), so a bulk action acts on what is shown.
      const where = `${FILTERS[filter]}${reason !== undefined ? ' AND reason_group = ?' : ''}${search ? ' AND instr(lower(cells), ?) > 0' : ''}`;
      const args: (number | string)[] = [...range];
      if (reason !== undefined) args.push(reason);
      if (search) args.push(search.toLowerCase());
      const total = (sql(`SELECT count(*) AS n FROM leads WHERE id >= ? AND id < ? ${where}`).get(...args) as { n: number }).n;
      const rows = sql(`SELECT * FROM leads WHERE id >= ? AND id < ? ${where} ORDER BY id LIMIT ? OFFSET ?`).all(
        ...args,
        limit,
        offset,
      );
      return { total, rows: (rows as Record<string, unknown>[]).map(toLead) };
    },

    reasonGroups(jobId: string): ReasonGroup[] {
      const rows = sql(
        "SELECT status, reason_group, count(*) AS n FROM leads WHERE id >= ? AND id < ? AND status IN ('invalid','rejected','review') GROUP BY status, reason_group ORDER BY n DESC",
      ).all(base(jobId), base(jobId) + SPAN) as { status: string; reason_group: string | null; n: number }[];
      return rows.map((r) => ({
        stage: r.status === 'invalid' ? 'local' : 'server',
        reason: r.reason_group ?? '(no reason given)',
        count: r.n,
      }));
    },

    /** Leads a person fixed after they were refused or found invalid, now valid and not yet sent. */
    countFixed(jobId: string): number {
      return (
        sql("SELECT count(*) AS n FROM leads WHERE id >= ? AND id < ? AND fixed = 1 AND status = 'ready'").get(
          base(jobId),
          base(jobId) + SPAN,
        ) as { n: number }
      ).n;
    },
  };
}
