/**
 * The rows of a job with everything needed to correct them, as Preview and Review both show them: a
 * search, rows picked by hand, one action for all of them, and undo/redo. The panel for one action on
 * many rows is folded away until asked for ("Fix many rows at once…"): the rows are what most people came
 * to see, and at 1024×700 the open panel would leave room for two of them.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import type { EditState, RowFilter, RowView, Selection } from '../../../shared/contract.ts';
import { api } from '../api/index.ts';
import { count } from '../lib/format.ts';
import { useApp } from '../store.ts';
import { BulkActions } from './BulkActions.tsx';
import { emptyViewWords } from './bulk-words.ts';
import { EditHistoryBar } from './EditHistoryBar.tsx';
import { ErrorLine } from './ErrorLine.tsx';
import { RowsGrid } from './RowsGrid.tsx';

export interface FixableRowsProps {
  jobId: string;
  filter: RowFilter;
  reason?: string;
  /** In words, which rows the filter and reason show ("reason: Invalid phone…"). */
  shown: string;
  version: number;
  label: string;
  copyable?: boolean;
  /** False for leads the server accepted: they cannot be changed any more (default true). */
  editable?: boolean;
  onEdited?(row: RowView): void;
  /**
   * The way back when the view empties (its rows fixed, say): a button "All N rows" that shows every row.
   * Without it the note says which view is empty, and nothing more.
   */
  showAll?: { rows: number; onClick(): void };
}

/** After a correction, undo or redo: the job's counts and reasons, then the rows. */
export async function reloadJob(jobId: string) {
  const [job, groups] = await Promise.all([api.getJob({ jobId }), api.getReasonGroups({ jobId })]);
  useApp.setState({ counts: job.counts, groups, rowsVersion: useApp.getState().rowsVersion + 1 });
}

export function FixableRows({
  jobId,
  filter,
  reason,
  shown,
  version,
  label,
  copyable,
  editable = true,
  onEdited,
  showAll,
}: FixableRowsProps) {
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  // Unknown until the grid's first page arrives: no note about an empty view before that.
  const [total, setTotal] = useState<number>();
  const [edits, setEdits] = useState<EditState>({ fields: [] });
  const [columns, setColumns] = useState<string[]>([]);
  const [problem, setProblem] = useState<string>();
  // Bumped by undo and redo: the action bar starts afresh, with nothing armed for rows that just changed back.
  const [historySteps, setHistorySteps] = useState(0);
  const [bulkOpen, setBulkOpen] = useState(false);
  const bulkId = useId();

  const onPick = useCallback((rowNumber: number, on: boolean) => {
    setPicked((old) => {
      const next = new Set(old);
      if (on) next.add(rowNumber);
      else next.delete(rowNumber);
      return next;
    });
  }, []);
  const changed = useCallback(() => {
    setPicked(new Set());
    reloadJob(jobId).catch((e: Error) => setProblem(e.message));
  }, [jobId]);
  const stepped = useCallback(() => {
    setHistorySteps((n) => n + 1);
    changed();
  }, [changed]);
  const refreshEdits = useCallback(() => {
    api.getEditState({ jobId }).then(setEdits, (e: Error) => setProblem(e.message));
  }, [jobId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version says the rows (and the history) changed
  useEffect(refreshEdits, [refreshEdits, version]);
  useEffect(() => {
    api.getRows({ jobId, offset: 0, limit: 1 }).then(
      (page) => setColumns(page.columns),
      (e: Error) => setProblem(e.message),
    );
  }, [jobId]);

  const selection: Selection =
    picked.size > 0
      ? { rows: [...picked].sort((a, b) => a - b) }
      : { filter, ...(reason !== undefined ? { reason } : {}), ...(search ? { search } : {}) };
  const rowsInView = { size: picked.size || (total ?? 0), picked: picked.size > 0, view: shown, search: search || undefined };
  const emptied = total === 0 && (shown !== 'all' || search !== '');

  return (
    <div className="fixable">
      <div className="fixable-tools">
        <div className="row">
          <form
            className="row"
            aria-label="Search rows"
            onSubmit={(e) => {
              e.preventDefault();
              setSearch(typed.trim());
              setPicked(new Set());
            }}
          >
            {/* Named by its label for screen readers, by its placeholder on screen: room for undo/redo at 1024 px. */}
            <label className="inline">
              <span className="visually-hidden">Search rows</span>
              <input
                type="search"
                className="row-search"
                placeholder="Search rows"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
              />
            </label>
            <button type="submit" className="secondary">
              Search
            </button>
            {search && (
              <button
                type="button"
                className="ghost"
                onClick={() => {
                  setSearch('');
                  setTyped('');
                }}
              >
                Clear search
              </button>
            )}
          </form>
          <button
            type="button"
            className={bulkOpen ? 'secondary disclosure open' : 'secondary disclosure'}
            aria-expanded={bulkOpen}
            aria-controls={bulkId}
            onClick={() => setBulkOpen((open) => !open)}
          >
            <span className="caret" aria-hidden="true">
              ▸
            </span>{' '}
            Fix many rows at once…
          </button>
        </div>
        {/* The rest of the line, there from the start: the first edit fills in "Undo: …" here, in a box that
            cannot push anything onto a new line, so the grid does not move. */}
        <div className="row fixable-history">
          {picked.size > 0 && (
            <button type="button" className="ghost" onClick={() => setPicked(new Set())}>
              Unpick {picked.size} row{picked.size === 1 ? '' : 's'}
            </button>
          )}
          <span className="spacer" />
          <EditHistoryBar jobId={jobId} state={edits} onChanged={stepped} />
        </div>
      </div>
      <div id={bulkId} hidden={!bulkOpen}>
        {bulkOpen && (
          <BulkActions
            key={historySteps}
            jobId={jobId}
            selection={selection}
            rows={rowsInView}
            columns={columns}
            fields={edits.fields}
            onChanged={changed}
          />
        )}
      </div>
      {problem && <ErrorLine message={problem} />}
      {emptied && (
        <p className="banner ok empty-view" role="status">
          <span>{emptyViewWords(shown, search || undefined)}</span>
          {showAll && showAll.rows > 0 && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setSearch('');
                setTyped('');
                showAll.onClick();
              }}
            >
              All {count(showAll.rows)} row{showAll.rows === 1 ? '' : 's'}
            </button>
          )}
        </p>
      )}
      <RowsGrid
        jobId={jobId}
        filter={filter}
        reason={reason}
        search={search || undefined}
        version={version}
        editable={editable}
        copyable={copyable}
        label={label}
        picked={picked}
        onPick={onPick}
        onTotal={setTotal}
        onEdited={(row) => {
          onEdited?.(row);
          // The history gained the edit: the undo button's label is fetched again.
          refreshEdits();
        }}
      />
    </div>
  );
}
