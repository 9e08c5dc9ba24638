/**
 * The costly half of a re-mapping, in whichever thread it runs (the worker, remap-worker.ts, or the app's own
 * where no worker can be had): reading a stored job's leads with a connection of its own (the store is in WAL
 * mode: readers never block the app's writer) and judging them a chunk at a time, by the rows' own rules and
 * the ledger (scope `rows`), or by the ledger alone (scope `ledger`). The checks across the file, which need
 * every earlier row in order, and the writes stay with the app's thread (remap.ts).
 */
import { DatabaseSync } from 'node:sqlite';
import type { Issue, LeadStatus } from '../../../shared/contract.ts';
import { checkedValuesOf, newCheckedValues } from '../../../shared/leads/file-checks.ts';
import { hasErrors } from '../../../shared/leads/normalise.ts';
import { decodeCells } from '../store/cells.ts';
import { base, emptyCounts, SPAN } from '../store/job-store.ts';
import { reasonGroupOf } from '../store/lead-batch.ts';
import { createCrossChecks, createLedgerCheck, isLedgerIssue, type Ledger } from './cross-checks.ts';
import type { RemapReply, RemapStart, RemapSummary, Verdict } from './remap-protocol.ts';
import { rejudged } from './remap-protocol.ts';
import { checkFieldsOf, createPayloadDeriver, createRowRules, placeIssues, resolveRules } from './row-rules.ts';

type Chunk = Extract<RemapReply, { type: 'chunk' }>;

/** One stored lead as the query returns it (an array: cheaper than an object with named keys per row). */
type StoredLead = [
  id: number,
  rowNumber: number,
  cells: string,
  raw: string | null,
  status: string,
  reason: string | null,
  issues: string | null,
  hasWarning: number,
  reasonGroup: string | null,
];

const rawOf = (raw: string | null) => (raw ? JSON.parse(raw) : undefined);

/**
 * The cells of a stored row that the rules read (`columns`, ascending), at their places; the others are left
 * out. Cutting out three cells of twelve instead of splitting the whole row took a sixth of the judging.
 */
function cellsAt(text: string, columns: readonly number[]): string[] {
  // A row kept as JSON (it holds a separator, or was stored by an earlier version) is decoded whole.
  if (text.charCodeAt(0) !== 0x1f || columns.length === 0) return decodeCells(text);
  const cells: string[] = new Array(columns[columns.length - 1] + 1);
  let start = 1;
  let column = 0;
  for (const wanted of columns) {
    while (column < wanted) {
      const next = text.indexOf('\x1f', start);
      if (next < 0) return cells;
      start = next + 1;
      column++;
    }
    const end = text.indexOf('\x1f', start);
    cells[column] = end < 0 ? text.slice(start) : text.slice(start, end);
  }
  return cells;
}

/** Chunks of judged leads, one per call, until `last`; closes its connection after the last. */
export function createRemapJudge(start: RemapStart): { next(): Chunk; close(): void } {
  const db = new DatabaseSync(start.file, { readOnly: true });
  db.exec('PRAGMA busy_timeout = 5000');
  const first = base(start.jobId);
  const ledger = start.ledger && start.ledger.size > 0 ? start.ledger : undefined;
  // With no ledger, a change of target only takes out old ledger warnings: only leads with a warning are read.
  const where = start.scope === 'rows' ? '' : ledger ? "AND status = 'ready'" : "AND status = 'ready' AND has_warning = 1";
  const select = db.prepare(
    `SELECT id, row_number, cells, raw, status, reason, issues, has_warning, reason_group FROM leads WHERE id > ? AND id < ? ${where} ORDER BY id LIMIT ?`,
  );
  select.setReturnArrays(true);
  let after = first - 1;
  let closed = false;
  const close = () => {
    if (!closed) db.close();
    closed = true;
  };
  const judge = start.scope === 'rows' ? judgeRows(start) : judgeLedger(start, ledger);
  return {
    next() {
      const leads = select.all(after, first + SPAN, start.chunk) as unknown as StoredLead[];
      if (leads.length > 0) after = leads[leads.length - 1][0];
      const last = leads.length < start.chunk;
      const chunk: Chunk = { type: 'chunk', through: after - first + 1, last, verdicts: judge.chunk(leads, first) };
      if (last && judge.summary) chunk.summary = judge.summary();
      if (last) close();
      return chunk;
    },
    close,
  };
}

interface Judge {
  chunk(leads: StoredLead[], first: number): Verdict[];
  /** The job's counts and reasons once every chunk is judged, when the judge saw every lead (scope `rows`). */
  summary?(): RemapSummary;
}

/**
 * Scope `rows`: each lead not yet sent by its own rules, then across the file and against the ledger, as
 * createRowBuilder does; only verdicts that change what is stored travel.
 */
function judgeRows(start: RemapStart): Judge {
  const rules = createRowRules(start.rules);
  const columns = [...rules.columns].sort((a, b) => a - b);
  // The index of every phone in the file lives here, not in the app's thread: a million phones' index is
  // tens of megabytes, and its first use alone (the memory's first touch) held that thread for a third of a second.
  const cross = createCrossChecks({ ...start.rules, ledger: start.ledger, expectedRows: start.expectedRows });
  const one = newCheckedValues(1, rules.checkFields.length);
  // Counted as the leads go by (every lead of the job is read): two scans of a million leads afterwards took
  // longer than a third of the whole re-mapping.
  const counts = emptyCounts();
  const groups = new Map<string, { stage: 'local' | 'server'; status: string; reason: string; count: number }>();
  const tally = (status: string, hasWarning: boolean, reasonGroup: string | null) => {
    counts.total++;
    counts[status as LeadStatus]++;
    if (hasWarning) counts.warnings++;
    if (status !== 'invalid' && status !== 'rejected' && status !== 'review') return;
    const reason = reasonGroup ?? '(no reason given)';
    const key = `${status}\u0000${reason}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { stage: status === 'invalid' ? 'local' : 'server', status, reason, count: 1 });
  };
  return {
    chunk(leads, first) {
      const verdicts: Verdict[] = [];
      for (const [id, rowNumber, cells, raw, status, reason, stored, hasWarning, reasonGroup] of leads) {
        if (!rejudged(status, reason)) {
          tally(status, hasWarning === 1, reasonGroup);
          continue;
        }
        const own = rules.judge({ rowNumber, cells: cellsAt(cells, columns), raw: rawOf(raw) });
        let issues = own.issues;
        if (!hasErrors(issues) && rules.checkFields.length > 0) {
          const more = cross.check(rowNumber, checkedValuesOf(rules.checkFields, own.checked, one), 0);
          if (more.length > 0) issues = [...issues, ...more];
        }
        const error = issues.find((issue) => issue.severity === 'error');
        const verdict: Verdict = { seq: id - first, status: error ? 'invalid' : 'ready' };
        if (issues.length > 0) verdict.issues = issues;
        if (error) verdict.reason = error.message;
        tally(
          verdict.status,
          issues.some((issue) => issue.severity === 'warning'),
          error ? reasonGroupOf(error.message) : null,
        );
        const unchanged =
          verdict.status === status &&
          (verdict.reason ?? null) === reason &&
          (issues.length === 0 ? stored === null : stored !== null && JSON.stringify(issues) === stored);
        if (!unchanged) verdicts.push(verdict);
      }
      return verdicts;
    },
    summary: () => ({
      counts,
      // As the store's reasonGroups: most leads first, then by status and reason.
      groups: [...groups.values()]
        .sort(
          (a, b) =>
            b.count - a.count ||
            (a.status < b.status ? -1 : a.status > b.status ? 1 : a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0),
        )
        .map(({ stage, reason, count }) => ({ stage, reason, count })),
    }),
  };
}

/** Scope `ledger`: each lead ready to send loses its old ledger warning and gets the new ledger's, if any. */
function judgeLedger(start: RemapStart, ledger: Ledger | undefined): Judge {
  const mapping = resolveRules(start.rules);
  const fields = checkFieldsOf(mapping);
  const ledgerCheck = ledger ? createLedgerCheck(fields, start.rules.options.allowDuplicates, ledger) : undefined;
  // The values the ledger looks at, normalised as the row rules do; nothing else of the lead is built.
  const derive = createPayloadDeriver({ ...start.rules, only: 'checks' });
  const values = newCheckedValues(1, fields.length);
  return {
    chunk(leads, first) {
      const verdicts: Verdict[] = [];
      for (const [id, , cells, raw, , , stored] of leads) {
        const before: Issue[] = stored ? JSON.parse(stored) : [];
        const kept = before.filter((issue) => !isLedgerIssue(issue));
        const sent = ledgerCheck ? ledgerCheck(checkedValuesOf(fields, derive(decodeCells(cells), rawOf(raw)), values), 0) : [];
        placeIssues(sent, mapping);
        if (kept.length === before.length && sent.length === 0) continue;
        const issues = [...kept, ...sent];
        if (JSON.stringify(issues) === stored) continue;
        verdicts.push({ seq: id - first, status: 'ready', issues });
      }
      return verdicts;
    },
  };
}
