/**
 * Undo and redo of every correction of a job (kept by the core, so they survive a restart): two buttons
 * that say what they would do, and Ctrl/⌘+Z, Ctrl/⌘+Shift+Z (or Ctrl+Y) outside text fields.
 */
import { useCallback, useEffect, useState } from 'react';
import type { EditState } from '../../../shared/contract.ts';
import { api } from '../api/index.ts';
import { count } from '../lib/format.ts';

export interface EditHistoryBarProps {
  jobId: string;
  /** What undo and redo would do now (fetched by the parent whenever rows change). */
  state: EditState;
  onChanged(): void;
}

export function EditHistoryBar({ jobId, state, onChanged }: EditHistoryBarProps) {
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const step = useCallback(
    async (direction: 'undo' | 'redo') => {
      if (busy) return;
      setBusy(true);
      setProblem(undefined);
      try {
        const done = await (direction === 'undo' ? api.undoEdit({ jobId }) : api.redoEdit({ jobId }));
        setNotice(
          `${direction === 'undo' ? 'Undone' : 'Redone'}: ${done.label} (${count(done.changed)} row${done.changed === 1 ? '' : 's'}).`,
        );
        onChanged();
      } catch (error) {
        setProblem((error as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [busy, jobId, onChanged],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target;
      // Inside a text field the keys undo typing, as everywhere else.
      if (target instanceof HTMLInputElement && target.type !== 'checkbox') return;
      if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return;
      if (!(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        void step('undo');
      } else if ((key === 'z' && event.shiftKey) || (key === 'y' && event.ctrlKey)) {
        event.preventDefault();
        void step('redo');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step]);

  return (
    <div className="row wrap edit-history" role="toolbar" aria-label="Undo and redo">
      <button
        type="button"
        className="secondary"
        disabled={!state.undo || busy}
        title={state.undo ? `Undo: ${state.undo.label} (Ctrl/⌘+Z)` : 'Nothing to undo'}
        onClick={() => step('undo')}
      >
        Undo{state.undo ? `: ${state.undo.label}` : ''}
      </button>
      <button
        type="button"
        className="secondary"
        disabled={!state.redo || busy}
        title={state.redo ? `Redo: ${state.redo.label} (Ctrl/⌘+Shift+Z)` : 'Nothing to redo'}
        onClick={() => step('redo')}
      >
        Redo{state.redo ? `: ${state.redo.label}` : ''}
      </button>
      {notice && (
        <span className="muted" role="status">
          {notice}
        </span>
      )}
      {problem && (
        <span role="alert" className="error">
          {problem}
        </span>
      )}
    </div>
  );
}
