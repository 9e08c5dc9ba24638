/**
 * Every row of a job, however many: TanStack Virtual decides which rows are on screen, pages of rows
 * are fetched from the core for just those (kept in a bounded cache), and TanStack Table lays out the
 * columns of the rows in view. Invalid cells are highlighted with their reason; a cell can be edited
 * in place (the file itself is never changed) and the row is checked again at once.
 */
import { columnSizingFeature, createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Issue, RowFilter, RowView } from '../../../shared/contract.ts';
import { api } from '../api/index.ts';
import { count } from '../lib/format.ts';
import { createPageCache, createPageLoader, pagesFor } from '../lib/page-cache.ts';
import { sendText } from '../lib/row-words.ts';
import { ErrorLine } from './ErrorLine.tsx';

const PAGE = 200;
const ROW_HEIGHT = 30;
const features = tableFeatures({ columnSizingFeature });

interface GridRow {
  index: number;
  row?: RowView;
}

// Made once: a new helper per render would rebuild the columns, and the table, on every scroll frame.
const helper = createColumnHelper<typeof features, GridRow>();

const STATUS_WORDS: Record<RowView['status'], string> = {
  invalid: 'invalid',
  ready: 'ready',
  sending: 'sending',
  imported: 'imported',
  updated: 'updated',
  rejected: 'rejected',
  review: 'check',
  skipped: 'skipped',
};

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

export function RowsGrid({
  jobId,
  filter,
  reason,
  version,
  editable,
  onEdited,
  copyable,
  label,
  search,
  picked,
  onPick,
  onTotal,
}: RowsGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const cache = useMemo(() => createPageCache<RowView>(PAGE, 60), []);
  const [total, setTotal] = useState(0);
  const [headers, setHeaders] = useState<string[]>([]);
  const [tick, setTick] = useState(0);
  const [editing, setEditing] = useState<{ index: number; column: number; value: string }>();
  const [problem, setProblem] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const generation = useRef(0);
  const onTotalRef = useRef(onTotal);
  onTotalRef.current = onTotal;
  const query = useRef({ jobId, filter, reason, search });
  query.current = { jobId, filter, reason, search };
  const loader = useMemo(
    () =>
      createPageLoader({
        cache,
        maxInFlight: 2,
        fetchPage: async (page) => {
          const q = query.current;
          return (await api.getRows({ ...q, offset: page * PAGE, limit: PAGE })).rows;
        },
        onLoaded: () => setTick((t) => t + 1),
        onError: (e) => setProblem(e.message),
      }),
    [cache],
  );

  // A new job, filter or data version starts from an empty cache.
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the signal to reload
  useEffect(() => {
    generation.current++;
    loader.reset();
    const mine = generation.current;
    api.getRows({ jobId, offset: 0, limit: PAGE, filter, reason, search: search || undefined }).then(
      (page) => {
        if (mine !== generation.current) return;
        cache.set(0, page.rows);
        setHeaders(page.columns);
        setTotal(page.total);
        onTotalRef.current?.(page.total);
        setTick((t) => t + 1);
      },
      (e: Error) => setProblem(e.message),
    );
  }, [jobId, filter, reason, search, version, cache, loader]);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Enough rows beyond the view for a smooth wheel scroll; every one more is rendered again on each jump.
    overscan: 5,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  // Pages nearest the first visible row come first.
  useEffect(() => {
    const centre = Math.floor(first / PAGE);
    loader.want(pagesFor(first, last, PAGE, total).sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre)));
  }, [first, last, total, loader]);

  const rowAt = useCallback((index: number) => cache.get(Math.floor(index / PAGE))?.[index % PAGE], [cache]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick says the cache changed
  const data = useMemo<GridRow[]>(
    () => items.map((item) => ({ index: item.index, row: rowAt(item.index) })),
    [items, rowAt, tick],
  );

  const save = async () => {
    if (!editing) return;
    const row = rowAt(editing.index);
    setEditing(undefined);
    if (!row || row.source[editing.column] === editing.value) return;
    try {
      const updated = await api.editRow({ jobId, rowNumber: row.rowNumber, cells: { [String(editing.column)]: editing.value } });
      cache.update(editing.index, updated);
      setTick((t) => t + 1);
      onEdited?.(updated);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  const copyRow = async (row: RowView) => {
    // Tab-separated with the header line, so it pastes into a spreadsheet as two tidy rows.
    const why = row.reason ?? row.issues.map((i) => i.message).join('; ');
    const text = `${['Row', ...headers, 'Reason'].join('\t')}\n${[row.rowNumber, ...row.source, why].join('\t')}`;
    try {
      await navigator.clipboard.writeText(text);
      setNotice(`Row ${row.rowNumber} copied.`);
    } catch (error) {
      setProblem(`Could not copy row ${row.rowNumber}: ${(error as Error).message}`);
    }
  };

  // Wide enough for the largest row number (and the edit mark), whatever the file's size.
  const rowDigits = String(total + 1).length + 2;
  const columns = useMemo(
    () =>
      helper.columns([
        ...(onPick ? [helper.display({ id: 'pick', header: 'Pick', size: 56 })] : []),
        helper.display({ id: 'row', header: 'Row', size: 34 + 9 * rowDigits + (copyable ? 56 : 0) }),
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

  const issuesFor = (row: RowView, column: number): Issue[] =>
    row.issues.filter((i) => i.column !== undefined && i.column === headers[column]);

  return (
    <div className="grid-wrap">
      {problem && <ErrorLine message={problem} />}
      {/* With no cell to tab to (no rows, or rows that cannot be fixed), the grid itself takes the focus, so that
          the keyboard can still scroll it. */}
      <div
        ref={scrollRef}
        className="grid-scroll"
        role="grid"
        aria-label={label}
        aria-rowcount={total + 1}
        tabIndex={editable && total > 0 ? -1 : 0}
      >
        <div className="grid-header" role="row" style={{ width }}>
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
        <div style={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}>
          {table.getRowModel().rows.map((gridRow, i) => {
            const item = items[i];
            if (!item) return null;
            const row = gridRow.original.row;
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className={`grid-row ${row?.status ?? 'loading'}${item.index % 2 ? ' odd' : ''}`}
                // top, not a transform: a million rows are ~30 million pixels down, past what a float transform keeps exact.
                style={{ top: item.start, height: ROW_HEIGHT, width }}
              >
                {gridRow.getAllCells().map((cell) => {
                  const id = cell.column.id;
                  const w = cell.column.getSize();
                  if (!row) {
                    return <div key={cell.id} role="gridcell" className="grid-cell placeholder" style={{ width: w }} />;
                  }
                  if (id === 'row') {
                    return (
                      <div key={cell.id} role="gridcell" className="grid-cell num" style={{ width: w }}>
                        {row.rowNumber}
                        {row.edited ? ' ✎' : ''}
                        {copyable && (
                          <button
                            type="button"
                            className="ghost tiny"
                            aria-label={`Copy row ${row.rowNumber}`}
                            onClick={() => copyRow(row)}
                          >
                            Copy
                          </button>
                        )}
                      </div>
                    );
                  }
                  if (id === 'pick') {
                    return (
                      <div key={cell.id} role="gridcell" className="grid-cell pick" style={{ width: w }}>
                        <input
                          type="checkbox"
                          aria-label={`Select row ${row.rowNumber}`}
                          checked={picked?.has(row.rowNumber) ?? false}
                          onChange={(e) => onPick?.(row.rowNumber, e.target.checked)}
                        />
                      </div>
                    );
                  }
                  if (id === 'status') {
                    return (
                      <div key={cell.id} role="gridcell" className={`grid-cell status-${row.status}`} style={{ width: w }}>
                        {STATUS_WORDS[row.status]}
                      </div>
                    );
                  }
                  if (id === 'sent') {
                    const { text, sent } = sendText(row);
                    return (
                      <div
                        key={cell.id}
                        role="gridcell"
                        className={sent ? 'grid-cell sent' : 'grid-cell sent muted'}
                        style={{ width: w }}
                        title={text}
                      >
                        {text}
                      </div>
                    );
                  }
                  if (id === 'why') {
                    const text = row.reason ?? row.issues.map((x) => x.message).join('; ');
                    return (
                      <div
                        key={cell.id}
                        role="gridcell"
                        className={
                          row.issues.some((x) => x.severity === 'error') || row.reason ? 'grid-cell why bad' : 'grid-cell why'
                        }
                        style={{ width: w }}
                        title={text}
                      >
                        {text}
                      </div>
                    );
                  }
                  const column = (cell.column.columnDef.meta as { column: number }).column;
                  const issues = issuesFor(row, column);
                  const isEditing = editing?.index === item.index && editing.column === column;
                  // A cell a person changed shows what the file had on hover.
                  const was =
                    row.original && (row.original[column] ?? '') !== (row.source[column] ?? '')
                      ? row.original[column]
                      : undefined;
                  const className = `grid-cell${issues.some((x) => x.severity === 'error') ? ' invalid' : issues.length ? ' warning' : ''}${was !== undefined ? ' changed' : ''}`;
                  const reasonText = [...issues.map((x) => x.message), ...(was !== undefined ? [`Was: "${was}"`] : [])].join(
                    '\n',
                  );
                  const describedBy = reasonText ? `why-${item.index}-${column}` : undefined;
                  return (
                    <div
                      key={cell.id}
                      role="gridcell"
                      className={className}
                      style={{ width: w }}
                      title={reasonText || undefined}
                      aria-describedby={describedBy}
                      aria-invalid={issues.some((x) => x.severity === 'error') || undefined}
                      tabIndex={editable ? 0 : undefined}
                      onDoubleClick={() => editable && setEditing({ index: item.index, column, value: row.source[column] ?? '' })}
                      onKeyDown={(e) => {
                        if (editable && e.key === 'Enter' && !isEditing)
                          setEditing({ index: item.index, column, value: row.source[column] ?? '' });
                      }}
                    >
                      {isEditing ? (
                        <input
                          className="cell-input"
                          aria-label={`Row ${row.rowNumber}, ${headers[column]}`}
                          value={editing.value}
                          onChange={(e) => setEditing({ ...editing, value: e.target.value })}
                          onBlur={save}
                          onKeyDown={(e) => {
                            if (e.key === 'Enter') void save();
                            if (e.key === 'Escape') setEditing(undefined);
                          }}
                          autoFocus
                        />
                      ) : (
                        row.source[column]
                      )}
                      {describedBy && (
                        <span id={describedBy} hidden>
                          {reasonText}
                        </span>
                      )}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      <p className="muted grid-foot" aria-live="polite">
        {count(total)} row{total === 1 ? '' : 's'}
        {editable ? ' · double-click a cell (or press Enter) to fix it' : ''}
        {notice ? ` · ${notice}` : ''}
      </p>
    </div>
  );
}
