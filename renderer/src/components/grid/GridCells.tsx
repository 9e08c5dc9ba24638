/**
 * The cells of a row of the grid. Each takes `at` (its place, for the keyboard: see useGridKeys) and `focus`
 * (its tab stop and the handlers that show its tooltip); a cell with a control (a box to pick the row, a copy
 * button) gives these to the control, which is then what the keyboard reaches.
 */
import type { FocusEvent, MouseEvent } from 'react';
import type { Issue, RowView } from '../../../../shared/contract.ts';
import { sendText } from '../../lib/row-words.ts';

export interface CellFocus {
  tabIndex: number;
  onFocus(event: FocusEvent<HTMLElement>): void;
  onBlur(): void;
  onMouseEnter?(event: MouseEvent<HTMLElement>): void;
  onMouseLeave?(): void;
}

interface CellBase {
  at: string;
  width: number;
  focus: CellFocus;
}

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

/** What the Problems column says of a row: the server's reason, or the problems found here. */
export const problemsText = (row: RowView) => row.reason ?? row.issues.map((i) => i.message).join('; ');

export function PlaceholderCell({ at, width, focus }: CellBase) {
  return <div role="gridcell" data-cell={at} className="grid-cell placeholder" style={{ width }} {...focus} />;
}

export function RowNumberCell(props: CellBase & { row: RowView; copyable?: boolean; onCopy(row: RowView): void }) {
  const { row, at, width, focus, copyable } = props;
  return (
    <div role="gridcell" data-cell={at} className="grid-cell num" style={{ width }} {...(copyable ? {} : focus)}>
      <span className="row-number">
        {row.rowNumber}
        {row.edited ? ' ✎' : ''}
      </span>
      {/* A space, not only a margin: the number and the button read apart ("6 Copy"), copied or spoken. */}
      {copyable && ' '}
      {copyable && (
        <button
          type="button"
          className="ghost tiny"
          aria-label={`Copy row ${row.rowNumber}`}
          onClick={() => props.onCopy(row)}
          {...focus}
        >
          Copy
        </button>
      )}
    </div>
  );
}

export function PickCell(props: CellBase & { row: RowView; picked: boolean; onPick(rowNumber: number, on: boolean): void }) {
  const { row, at, width, focus } = props;
  return (
    <div role="gridcell" data-cell={at} className="grid-cell pick" style={{ width }}>
      <input
        type="checkbox"
        aria-label={`Select row ${row.rowNumber}`}
        checked={props.picked}
        onChange={(e) => props.onPick(row.rowNumber, e.target.checked)}
        {...focus}
      />
    </div>
  );
}

export function StatusCell({ row, at, width, focus }: CellBase & { row: RowView }) {
  return (
    <div role="gridcell" data-cell={at} className={`grid-cell status-${row.status}`} style={{ width }} {...focus}>
      {STATUS_WORDS[row.status]}
    </div>
  );
}

export function ProblemsCell({ row, at, width, focus }: CellBase & { row: RowView }) {
  const bad = row.issues.some((x) => x.severity === 'error') || row.reason !== undefined;
  return (
    <div role="gridcell" data-cell={at} className={bad ? 'grid-cell why bad' : 'grid-cell why'} style={{ width }} {...focus}>
      {problemsText(row)}
    </div>
  );
}

export function SentCell({ row, at, width, focus }: CellBase & { row: RowView }) {
  const { text, sent } = sendText(row);
  return (
    <div role="gridcell" data-cell={at} className={sent ? 'grid-cell sent' : 'grid-cell sent muted'} style={{ width }} {...focus}>
      {text}
    </div>
  );
}

/** What the file had in a cell a person changed, or undefined when it is unchanged. */
export function originalValue(row: RowView, column: number): string | undefined {
  return row.original && (row.original[column] ?? '') !== (row.source[column] ?? '') ? row.original[column] : undefined;
}

/** The note a file cell's tooltip shows: its problems, then what the file had. */
export function cellNote(issues: readonly Issue[], was: string | undefined): string {
  return [...issues.map((x) => x.message), ...(was !== undefined ? [`Was: "${was}"`] : [])].join('\n');
}

export function FileCell(
  props: CellBase & {
    row: RowView;
    column: number;
    header: string;
    issues: Issue[];
    was: string | undefined;
    /** The id of the hidden text that describes the cell to a screen reader (its note), if it has one. */
    noteId: string | undefined;
    note: string;
    editable: boolean;
    /** The value being typed, while this cell is edited. */
    draft: string | undefined;
    onEdit(value: string): void;
    onDraft(value: string): void;
    onSave(): void;
    onCancel(): void;
  },
) {
  const { row, column, issues, was, noteId, at, width, focus, editable, draft } = props;
  const invalid = issues.some((x) => x.severity === 'error');
  const className = `grid-cell${invalid ? ' invalid' : issues.length ? ' warning' : ''}${was !== undefined ? ' changed' : ''}`;
  const value = row.source[column] ?? '';
  return (
    <div
      role="gridcell"
      data-cell={at}
      className={className}
      style={{ width }}
      aria-describedby={noteId}
      aria-invalid={invalid || undefined}
      {...(draft === undefined ? focus : {})}
      onDoubleClick={() => editable && props.onEdit(value)}
      onKeyDown={(e) => {
        if (editable && e.key === 'Enter' && draft === undefined) {
          e.preventDefault();
          props.onEdit(value);
        }
      }}
    >
      {draft !== undefined ? (
        <input
          className="cell-input"
          aria-label={`Row ${row.rowNumber}, ${props.header}`}
          value={draft}
          onChange={(e) => props.onDraft(e.target.value)}
          onBlur={props.onSave}
          onKeyDown={(e) => {
            // Handled here: the grid's own keys (and the step's Ctrl+Enter) must not act on them too.
            if (e.key === 'Enter') {
              e.preventDefault();
              e.stopPropagation();
              props.onSave();
            }
            if (e.key === 'Escape') {
              e.stopPropagation();
              props.onCancel();
            }
          }}
          autoFocus
        />
      ) : (
        value
      )}
      {noteId && (
        <span id={noteId} hidden>
          {props.note}
        </span>
      )}
    </div>
  );
}
