/**
 * One correction for many rows at once: the rows in view (a filter, a reason, a search) or the rows
 * picked by hand. The person picks an action, sees how many rows it changes and how many become valid,
 * then applies it; the core checks every changed row with the import's rules (see bulk-edit.ts).
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { EditState, EditSummary, Selection } from '../../../shared/contract.ts';
import type { BulkAction } from '../../../shared/corrections.ts';
import { api } from '../api/index.ts';
import { count } from '../lib/format.ts';
import { actsOnWords, describeResult, type RowsInView } from './bulk-words.ts';

type Kind = BulkAction['kind'];
const ACTIONS: { kind: Exclude<Kind, 'cells'>; label: string }[] = [
  { kind: 'set', label: 'Set' },
  { kind: 'clear', label: 'Clear' },
  { kind: 'replace', label: 'Find & replace' },
  { kind: 'use', label: 'Use column' },
  { kind: 'fillDown', label: 'Fill down' },
  { kind: 'tidy', label: 'Trim / case' },
  { kind: 'skip', label: 'Skip' },
  { kind: 'unskip', label: 'Bring back' },
];

export interface BulkActionsProps {
  jobId: string;
  selection: Selection;
  /** The rows the selection holds: how many, and which (picked by hand, or the grid's view and search). */
  rows: RowsInView;
  columns: string[];
  fields: EditState['fields'];
  /** Called after rows changed (the grid and counts reload). */
  onChanged(summary: EditSummary): void;
}

export function BulkActions({ jobId, selection, rows, columns, fields, onChanged }: BulkActionsProps) {
  const { size } = rows;
  const [kind, setKind] = useState<Exclude<Kind, 'cells'>>('set');
  const [field, setField] = useState('');
  const [value, setValue] = useState('');
  const [from, setFrom] = useState('');
  const [column, setColumn] = useState('');
  const [wholeCell, setWholeCell] = useState(false);
  const [ignoreCase, setIgnoreCase] = useState(false);
  const [letterCase, setLetterCase] = useState<'keep' | 'upper' | 'lower' | 'title'>('keep');
  const [preview, setPreview] = useState<EditSummary>();
  const [result, setResult] = useState<string>();
  const [problem, setProblem] = useState<{ message: string; allInvalid: boolean }>();
  const [busy, setBusy] = useState<string>();
  // Applied: the same action is not armed again until the person changes it. Otherwise a view changed
  // afterwards (All, say) would offer "Apply to 20 rows" of an action meant for 2, one click away.
  const [spent, setSpent] = useState(false);
  // Progress events can arrive after the call's reply: only those of a change under way are shown.
  const running = useRef(false);
  const spentId = useId();

  const names = [...fields.map((f) => f.field), ...columns.filter((c) => !fields.some((f) => f.field === c))];
  const chosenField = field || names[0] || '';
  const chosenColumn = column || columns.find((c) => c !== chosenField) || '';

  useEffect(() => {
    const off = api.on('editProgress', (p) => {
      if (p.jobId !== jobId || !running.current) return;
      setBusy(`${p.label}: ${p.phase} ${count(p.done)}${p.total ? ` of ${count(p.total)}` : ''} rows…`);
    });
    return off;
  }, [jobId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: any of these makes it another action
  useEffect(() => setSpent(false), [kind, chosenField, value, from, chosenColumn, wholeCell, ignoreCase, letterCase]);

  // A new selection or action makes an earlier count stale.
  // biome-ignore lint/correctness/useExhaustiveDependencies: any of these changes what the count said
  useEffect(() => {
    setPreview(undefined);
    setProblem(undefined);
  }, [kind, chosenField, value, from, chosenColumn, wholeCell, ignoreCase, letterCase, JSON.stringify(selection)]);

  const action = (): BulkAction => {
    switch (kind) {
      case 'set':
        return { kind, field: chosenField, value };
      case 'clear':
      case 'fillDown':
        return { kind, field: chosenField };
      case 'replace':
        return { kind, field: chosenField, from, to: value, wholeCell, ignoreCase };
      case 'use':
        return { kind, field: chosenField, column: chosenColumn };
      case 'tidy':
        return { kind, field: chosenField, letterCase };
      case 'skip':
      case 'unskip':
        return { kind };
    }
  };

  const run = async (dryRun: boolean, allowAllInvalid = false) => {
    setProblem(undefined);
    setResult(undefined);
    setBusy(dryRun ? 'Counting…' : 'Changing rows…');
    running.current = true;
    try {
      const summary = await api.editRows({ jobId, selection, action: action(), dryRun, allowAllInvalid });
      if (dryRun) setPreview(summary);
      else {
        setPreview(undefined);
        setResult(describeResult(summary, false));
        setSpent(true);
        onChanged(summary);
      }
    } catch (error) {
      const code = (error as { code?: string }).code;
      setProblem({ message: (error as Error).message, allInvalid: code === 'all-invalid' });
    } finally {
      running.current = false;
      setBusy(undefined);
    }
  };

  const needsField = kind !== 'skip' && kind !== 'unskip';
  // No rows in view (every lead accepted, say): no action to arm, and a button for 0 rows would only puzzle.
  // What the last change did stays in sight; the grid's own note says which view is empty and the way back.
  if (size === 0 && !busy)
    return (
      <section className="bulk" aria-label="Change many rows">
        {result && <p role="status">{result}</p>}
        <p className="bulk-scope muted">Nothing to change here: no rows are in view.</p>
      </section>
    );
  return (
    <section className="bulk" aria-label="Change many rows">
      <p className="bulk-scope">
        Changes apply to <strong>{actsOnWords(rows)}</strong>
        {!rows.picked && rows.view === 'all' && !rows.search && size > 1 && (
          <span className="muted"> · pick rows or a view to change fewer</span>
        )}
      </p>
      <fieldset className="row wrap plain">
        <legend className="visually-hidden">Action</legend>
        {ACTIONS.map((a) => (
          <button
            key={a.kind}
            type="button"
            className={kind === a.kind ? 'chip active' : 'chip'}
            aria-pressed={kind === a.kind}
            onClick={() => setKind(a.kind)}
          >
            {a.label}
          </button>
        ))}
      </fieldset>
      <div className="row wrap bulk-fields">
        {needsField && (
          <label>
            {kind === 'use' ? 'Field' : 'Field or column'}{' '}
            <select className="bulk-select" value={chosenField} onChange={(e) => setField(e.target.value)}>
              {names.map((n) => {
                const mapped = fields.find((f) => f.field === n);
                return (
                  <option key={n} value={n}>
                    {mapped && mapped.column !== n ? `${n} (column ${mapped.column})` : n}
                  </option>
                );
              })}
            </select>
          </label>
        )}
        {kind === 'replace' && (
          <label>
            Find <input value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
        )}
        {(kind === 'set' || kind === 'replace') && (
          <label>
            {kind === 'set' ? 'Value' : 'Replace with'} <input value={value} onChange={(e) => setValue(e.target.value)} />
          </label>
        )}
        {kind === 'replace' && (
          <>
            <label>
              <input type="checkbox" checked={wholeCell} onChange={(e) => setWholeCell(e.target.checked)} /> Whole cell only
            </label>
            <label>
              <input type="checkbox" checked={ignoreCase} onChange={(e) => setIgnoreCase(e.target.checked)} /> Ignore case
            </label>
          </>
        )}
        {kind === 'use' && (
          <label>
            Take it from column{' '}
            <select className="bulk-select" value={chosenColumn} onChange={(e) => setColumn(e.target.value)}>
              {columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        )}
        {kind === 'tidy' && (
          <label>
            Case{' '}
            <select value={letterCase} onChange={(e) => setLetterCase(e.target.value as typeof letterCase)}>
              <option value="keep">Keep</option>
              <option value="title">Title Case</option>
              <option value="upper">UPPER</option>
              <option value="lower">lower</option>
            </select>
          </label>
        )}
        <span className="spacer" />
        <button type="button" className="secondary" disabled={!!busy || size === 0} onClick={() => run(true)}>
          Count changes
        </button>
        <button
          type="button"
          disabled={!!busy || size === 0 || spent || (kind === 'replace' && !from)}
          aria-describedby={spent ? spentId : undefined}
          onClick={() => run(false)}
        >
          Apply to {count(size)} row{size === 1 ? '' : 's'}
        </button>
      </div>
      {spent && (
        <p id={spentId} className="muted">
          Applied. Change the action or its value to apply another.
        </p>
      )}
      {busy && (
        <p className="muted" role="status">
          {busy}
        </p>
      )}
      {preview && <p role="status">{describeResult(preview, true)}</p>}
      {result && <p role="status">{result}</p>}
      {problem && (
        <p role="alert" className="error">
          {problem.message}{' '}
          {problem.allInvalid && (
            <button type="button" className="link" onClick={() => run(false, true)}>
              Apply anyway
            </button>
          )}
        </p>
      )}
    </section>
  );
}
