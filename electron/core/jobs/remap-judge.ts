/**
 * The costly half of a re-mapping, in whichever thread it runs (the worker, remap-worker.ts, or the app's own
 * where no worker can be had): reading a stored job's leads with a connection of its own (the store is in WAL
 * mode: readers never block the app's writer) and judging them a chunk at a time, by the rows' own rules and
 * the ledger (scope `rows`), or by the ledger alone (scope `ledger`). The checks across the file, which need
 * every earlier row in order, and the writes stay with the app's thread (remap.ts).
 */
import { DatabaseSync } from 'node:sqlite';
import type { Issue } from '../../../shared/contract.ts';
import { checkedValuesOf, newCheckedValues, setCheckedValue } from '../../../shared/leads/file-checks.ts';
import { decodeCells } from '../store/cells.ts';
import { base, SPAN } from '../store/job-store.ts';
import { createLedgerCheck, isLedgerIssue } from './cross-checks.ts';
import type { JudgedChunk, RemapReply, RemapStart, Verdict } from './remap-protocol.ts';
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
];

const rawOf = (raw: string | null) => (raw ? JSON.parse(raw) : undefined);

/** Chunks of judged leads, one per call, until `last`; closes its connection after the last. */
export function createRemapJudge(start: RemapStart): { next(): Chunk; close(): void } {
  const db = new DatabaseSync(start.file, { readOnly: true });
  db.exec('PRAGMA busy_timeout = 5000');
  const first = base(start.jobId);
  const mapping = resolveRules(start.rules);
  const fields = checkFieldsOf(mapping);
  const ledger = start.ledger && start.ledger.size > 0 ? start.ledger : undefined;
  const ledgerCheck = ledger ? createLedgerCheck(fields, start.rules.options.allowDuplicates, ledger) : undefined;
  // With no ledger, a change of target only takes out old ledger warnings: only leads with a warning are read.
  const where = start.scope === 'rows' ? '' : ledger ? "AND status = 'ready'" : "AND status = 'ready' AND has_warning = 1";
  const select = db.prepare(
    `SELECT id, row_number, cells, raw, status, reason, issues FROM leads WHERE id > ? AND id < ? ${where} ORDER BY id LIMIT ?`,
  );
  select.setReturnArrays(true);
  let after = first - 1;
  let closed = false;
  const close = () => {
    if (!closed) db.close();
    closed = true;
  };
  const judge = start.scope === 'rows' ? judgeRows(start, ledgerCheck, mapping) : judgeLedger(start, ledgerCheck, mapping);
  return {
    next() {
      const leads = select.all(after, first + SPAN, start.chunk) as unknown as StoredLead[];
      if (leads.length > 0) after = leads[leads.length - 1][0];
      const last = leads.length < start.chunk;
      const chunk: Chunk = { type: 'chunk', through: after - first + 1, last, ...judge(leads, first) };
      if (last) close();
      return chunk;
    },
    close,
  };
}

type LedgerCheck = ReturnType<typeof createLedgerCheck> | undefined;
type Judge = (leads: StoredLead[], first: number) => Pick<Chunk, 'judged' | 'verdicts'>;

/** Scope `rows`: each lead not yet sent by its own rules, and the ledger's warning where they let it through. */
function judgeRows(start: RemapStart, ledgerCheck: LedgerCheck, mapping: ReturnType<typeof resolveRules>): Judge {
  const rules = createRowRules(start.rules);
  const width = rules.checkFields.length;
  const one = newCheckedValues(1, width);
  return (leads, first) => {
    const judgedLeads = leads.filter((lead) => rejudged(lead[4], lead[5]));
    const count = judgedLeads.length;
    const judged: JudgedChunk = {
      seqs: new Float64Array(count),
      rowNumbers: new Int32Array(count),
      own: [],
      sentBefore: [],
      plainBefore: new Uint8Array(count),
      checked: newCheckedValues(count, width),
    };
    for (let i = 0; i < count; i++) {
      const [id, rowNumber, cells, raw, status, reason, issues] = judgedLeads[i];
      judged.seqs[i] = id - first;
      judged.rowNumbers[i] = rowNumber;
      if (status === 'ready' && reason === null && issues === null) judged.plainBefore[i] = 1;
      const verdict = rules.judge({ rowNumber, cells: decodeCells(cells), raw: rawOf(raw) });
      const error = verdict.issues.find((issue) => issue.severity === 'error');
      if (verdict.issues.length > 0)
        judged.own.push({
          index: i,
          seq: id - first,
          status: error ? 'invalid' : 'ready',
          issues: verdict.issues,
          reason: error?.message,
        });
      if (error) continue;
      for (let f = 0; f < width; f++) setCheckedValue(judged.checked, i * width + f, verdict.checked[rules.checkFields[f]]);
      if (!ledgerCheck) continue;
      const sent = ledgerCheck(checkedValuesOf(rules.checkFields, verdict.checked, one), 0);
      placeIssues(sent, mapping);
      if (sent.length > 0) judged.sentBefore.push({ index: i, issues: sent });
    }
    return { judged };
  };
}

/** Scope `ledger`: each lead ready to send loses its old ledger warning and gets the new ledger's, if any. */
function judgeLedger(start: RemapStart, ledgerCheck: LedgerCheck, mapping: ReturnType<typeof resolveRules>): Judge {
  const fields = checkFieldsOf(mapping);
  // The values the ledger looks at, normalised as the row rules do; nothing else of the lead is built.
  const derive = createPayloadDeriver({ ...start.rules, only: 'checks' });
  const values = newCheckedValues(1, fields.length);
  return (leads, first) => {
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
    return { verdicts };
  };
}
