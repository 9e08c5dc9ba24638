/**
 * Every row of a job, however many: TanStack Virtual decides which rows are on screen, pages of rows
 * are fetched from the core for just those (grid/useRowPages.ts), and TanStack Table lays out the
 * columns of the rows in view. Invalid cells are highlighted with their reason, in the grid's own tooltip
 * (grid/CellTip.tsx) on hover or keyboard focus; a cell can be edited in place (the file itself is never
 * changed) and the row is checked again at once. Tab reaches one cell; the arrow keys move (grid/useGridKeys.ts).
 */
import { columnSizingFeature, createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { type FocusEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Issue, RowFilter, RowView } from '../../../shared/contract.ts';
import { api } from '../api/index.ts';
import { count } from '../lib/format.ts';
import { sendText } from '../lib/row-words.ts';
import { ErrorLine } from './ErrorLine.tsx';
import { CellTip, useCellTip } from './grid/CellTip.tsx';
import {
  type CellFocus,
  cellNote,
  FileCell,
  originalValue,
  PickCell,
  PlaceholderCell,
  ProblemsCell,
  problemsText,
  RowNumberCell,
  SentCell,
  StatusCell,
} from './grid/GridCells.tsx';
import { useFixedRows } from './grid/useFixedRows.ts';
import { type CellPos, cellKey, useGridKeys } from './grid/useGridKeys.ts';
import { useRowPages } from './grid/useRowPages.ts';

const ROW_HEIGHT = 30;
const features = tableFeatures({ columnSizingFeature });

interface GridRow {
  index: number;
  row?: RowView;
}

// Made once: a new helper per render would rebuild the columns, and the table, on every scroll frame.
const helper = createColumnHelper<typeof features, GridRow>();

export interface RowsGridProps {
  jobId: string;
  filter: RowFilter;
  reason?: string;
  version: number;
  editable: boolean;
  onEdited?: (row: RowView) => void;
  /** Offers a button per row that copies its original values (and the reason) for pasting elsewhere. */
  copyable?: boolean;
  label: string;
  /** Rows with this text in any cell. */
  search?: string;
  /** Rows picked by hand (row numbers), with a box per row to pick them. */
  picked?: ReadonlySet<number>;
  onPick?(rowNumber: number, picked: boolean): void;
  /** How many rows the grid shows (the count a bulk action on "these rows" acts on). */
  onTotal?(total: number): void;
}

export function RowsGrid(props: RowsGridProps) {
  const { jobId, filter, reason, version, editable, onEdited, copyable, label, search, picked, onPick, onTotal } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const pages = useRowPages({ jobId, filter, reason, search }, version, onTotal);
  const { total, headers, tick, rowAt, setProblem } = pages;
  const [editing, setEditing] = useState<{ index: number; column: number; value: string; at: CellPos }>();
  const [notice, setNotice] = useState<string>();
  const tips = useCellTip();
  const noteBase = useId();

  const headerRef = useRef<HTMLDivElement>(null);
  const rowWindow = useFixedRows({
    count: total,
    rowHeight: ROW_HEIGHT,
    // Enough rows beyond the view for a smooth wheel scroll; every one more is rendered again on each jump.
    overscan: 5,
    scrollRef,
    headerRef,
  });
  const { items } = rowWindow;
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { want } = pages;
  useEffect(() => want(first, last), [want, first, last]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick says the cache changed
  const data = useMemo<GridRow[]>(
    () => items.map((item) => ({ index: item.index, row: rowAt(item.index) })),
    [items, rowAt, tick],
  );

  // Wide enough for the largest row number (and the edit mark), whatever the file's size.
  const rowDigits = String(total + 1).length + 2;
  const columns = useMemo(
    () =>
      helper.columns([
        ...(onPick ? [helper.display({ id: 'pick', header: 'Pick', size: 56 })] : []),
        helper.display({ id: 'row', header: 'Row', size: 34 + 9 * rowDigits + (copyable ? 62 : 0) }),
        helper.display({ id: 'status', header: 'Status', size: 90 }),
        // Problems before the file's columns: they are what the user came to fix, readable without scrolling.
        helper.display({ id: 'why', header: 'Problems', size: 340 }),
        ...headers.map((h, i) => helper.display({ id: `c${i}`, header: h, size: 150, meta: { column: i } as never })),
        helper.display({ id: 'sent', header: 'Will be sent', size: 360 }),
      ]),
    [headers, copyable, rowDigits, onPick],
  );
  const table = useTable({ features, columns, data });
  const width = table.getTotalSize();
  const scrollToRow = rowWindow.scrollToIndex;
  const keys = useGridKeys({ rows: total, cols: columns.length, first, last, scrollToRow, scrollRef });

  const save = async () => {
    if (!editing) return;
    const { index, column, value, at } = editing;
    const row = rowAt(index);
    setEditing(undefined);
    keys.focusCell(at);
    if (!row || row.source[column] === value) return;
    try {
      const updated = await api.editRow({ jobId, rowNumber: row.rowNumber, cells: { [String(column)]: value } });
      pages.replace(index, updated);
      // The cell still has the focus: its tooltip now tells what the file had, and any problem left.
      const cell = scrollRef.current?.querySelector<HTMLElement>(`[data-cell="${cellKey(at)}"]`);
      const note = cellNote(issuesFor(updated, column), originalValue(updated, column));
      if (cell && cell === document.activeElement) {
        if (note) tips.show(cell, note);
        else tips.hide();
      }
      onEdited?.(updated);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  const copyRow = async (row: RowView) => {
    // Tab-separated with the header line, so it pastes into a spreadsheet as two tidy rows.
    const text = `${['Row', ...headers, 'Reason'].join('\t')}\n${[row.rowNumber, ...row.source, problemsText(row)].join('\t')}`;
    try {
      await navigator.clipboard.writeText(text);
      setNotice(`Row ${row.rowNumber} copied.`);
    } catch (error) {
      setProblem(`Could not copy row ${row.rowNumber}: ${(error as Error).message}`);
    }
  };

  /** The tab stop of a cell and, when it has a note, the handlers that show it. */
  const focusFor = (at: CellPos, note?: string): CellFocus => {
    const isStop = at.row === keys.tabStop.row && at.col === keys.tabStop.col;
    return {
      tabIndex: isStop ? 0 : -1,
      onFocus: (e: FocusEvent<HTMLElement>) => {
        keys.onCellFocus(at);
        if (note) tips.show(e.currentTarget.closest<HTMLElement>('[data-cell]') ?? e.currentTarget, note);
      },
      onBlur: () => {
        if (note) tips.hide();
      },
      ...(note ? { onMouseEnter: (e) => tips.show(e.currentTarget, note), onMouseLeave: () => tips.hide(true) } : {}),
    };
  };
  const issuesFor = (row: RowView, column: number): Issue[] =>
    row.issues.filter((i) => i.column !== undefined && i.column === headers[column]);

  return (
    <div className="grid-wrap">
      {pages.problem && <ErrorLine message={pages.problem} />}
      {/* With no row, the grid itself takes the focus, so that the keyboard can still reach it. */}
      <div
        ref={scrollRef}
        className="grid-scroll"
        role="grid"
        aria-label={label}
        aria-rowcount={total + 1}
        tabIndex={total > 0 ? -1 : 0}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && tips.tip) tips.hide();
          else keys.onKeyDown(e);
        }}
        onScroll={() => tips.tip && tips.hide()}
        onBlur={keys.onGridBlur}
      >
        <div ref={headerRef} className="grid-header" role="row" style={{ width }}>
          {table.getHeaderGroups()[0]?.headers.map((header) => (
            <div
              key={header.id}
              role="columnheader"
              className={header.id === 'pick' ? 'grid-cell head pick' : 'grid-cell head'}
              style={{ width: header.getSize() }}
            >
              {String(header.column.columnDef.header ?? '')}
            </div>
          ))}
        </div>
        <div style={{ height: rowWindow.totalSize, width, position: 'relative' }}>
          {table.getRowModel().rows.map((gridRow, i) => {
            const item = items[i];
            if (!item) return null;
            const row = gridRow.original.row;
            return (
              <div
                key={item.index}
                role="row"
                aria-rowindex={item.index + 2}
                className={`grid-row ${row?.status ?? 'loading'}${item.index % 2 ? ' odd' : ''}`}
                // top, not a transform: a million rows are ~30 million pixels down, past what a float transform keeps exact.
                style={{ top: item.start, height: ROW_HEIGHT, width }}
              >
                {gridRow.getAllCells().map((cell, col) => {
                  const id = cell.column.id;
                  const pos = { row: item.index, col };
                  const key = cell.id;
                  const base = { at: cellKey(pos), width: cell.column.getSize() };
                  if (!row) return <PlaceholderCell key={key} {...base} focus={focusFor(pos)} />;
                  if (id === 'row')
                    return (
                      <RowNumberCell key={key} {...base} focus={focusFor(pos)} row={row} copyable={copyable} onCopy={copyRow} />
                    );
                  if (id === 'pick')
                    return (
                      <PickCell
                        key={key}
                        {...base}
                        focus={focusFor(pos)}
                        row={row}
                        picked={picked?.has(row.rowNumber) ?? false}
                        onPick={(n, on) => onPick?.(n, on)}
                      />
                    );
                  if (id === 'status') return <StatusCell key={key} {...base} focus={focusFor(pos)} row={row} />;
                  if (id === 'sent') return <SentCell key={key} {...base} focus={focusFor(pos, sendText(row).text)} row={row} />;
                  if (id === 'why')
                    return <ProblemsCell key={key} {...base} focus={focusFor(pos, problemsText(row))} row={row} />;
                  const column = (cell.column.columnDef.meta as { column: number }).column;
                  const issues = issuesFor(row, column);
                  const was = originalValue(row, column);
                  const note = cellNote(issues, was);
                  return (
                    <FileCell
                      key={key}
                      {...base}
                      focus={focusFor(pos, note)}
                      row={row}
                      column={column}
                      header={headers[column]}
                      issues={issues}
                      was={was}
                      note={note}
                      noteId={note ? `${noteBase}-${item.index}-${column}` : undefined}
                      editable={editable}
                      draft={editing?.index === item.index && editing.column === column ? editing.value : undefined}
                      onEdit={(value) => {
                        tips.hide();
                        setEditing({ index: item.index, column, value, at: pos });
                      }}
                      onDraft={(value) => editing && setEditing({ ...editing, value })}
                      onSave={save}
                      onCancel={() => {
                        setEditing(undefined);
                        keys.focusCell(pos);
                      }}
                    />
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      <CellTip tip={tips.tip} />
      <p className="muted grid-foot" aria-live="polite">
        {count(total)} row{total === 1 ? '' : 's'}
        {editable ? ' · double-click a cell (or press Enter) to fix it' : ''}
        {total > 0 ? ' · arrow keys move between cells' : ''}
        {notice ? ` · ${notice}` : ''}
      </p>
    </div>
  );
}
