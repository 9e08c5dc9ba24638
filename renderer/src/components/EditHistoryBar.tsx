/**
 * Undo and redo of every correction of a job (kept by the core, so they survive a restart): two buttons
 * that say what they would do, and Ctrl/⌘+Z, Ctrl/⌘+Shift+Z (or Ctrl+Y) outside text fields. An edit whose
 * leads were sent since cannot be undone (a lead cannot be unsent): the core says so with the edit, and the
 * button is then disabled with the reason beside it, rather than offered and refused.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import type { EditState } from '../../../shared/contract.ts';
import { api } from '../api/index.ts';
import { count } from '../lib/format.ts';

export interface EditHistoryBarProps {
  jobId: string;
  /** What undo and redo would do now (fetched by the parent whenever rows change). */
  state: EditState;
  onChanged(): void;
}

type Step = NonNullable<EditState['undo']>;

/** Why an edit cannot be undone (or redone) any more, in words; undefined when it can. */
export function sentWords(step: Step | undefined, direction: 'undo' | 'redo'): string | undefined {
  if (!step || step.sent === 0) return undefined;
  const leads =
    step.rows === 1
      ? 'a lead that was'
      : step.sent === step.rows
        ? `${count(step.rows)} leads that were`
        : `${count(step.rows)} leads, ${count(step.sent)} of them`;
  return `Sent leads cannot be ${direction === 'undo' ? 'undone' : 'redone'}: “${step.label}” changed ${leads} sent to the server since.`;
}

export function EditHistoryBar({ jobId, state, onChanged }: EditHistoryBarProps) {
  const [message, setMessage] = useState<{ text: string; error: boolean; survives: number }>();
  const [busy, setBusy] = useState(false);
  const noteId = useId();
  const cannot = { undo: sentWords(state.undo, 'undo'), redo: sentWords(state.redo, 'redo') };

  const step = useCallback(
    async (direction: 'undo' | 'redo') => {
      if (busy) return;
      const next = direction === 'undo' ? state.undo : state.redo;
      // The keys reach here even when the button is disabled: an edit whose leads were sent stays so, so say why
      // instead of asking the core to refuse. With no edit told, the core is asked all the same: a key pressed
      // again at once may come before the state after the last undo has (a redo is there by then).
      const refused = sentWords(next, direction);
      if (refused) {
        setMessage({ text: refused, error: false, survives: 0 });
        return;
      }
      setBusy(true);
      setMessage(undefined);
      try {
        const done = await (direction === 'undo' ? api.undoEdit({ jobId }) : api.redoEdit({ jobId }));
        setMessage({
          text: `${direction === 'undo' ? 'Undone' : 'Redone'}: ${done.label} (${count(done.changed)} row${done.changed === 1 ? '' : 's'}).`,
          error: false,
          survives: 1,
        });
        onChanged();
      } catch (error) {
        // Leads sent from another window since the buttons were told, say: the core refuses, and says why.
        setMessage({ text: (error as Error).message, error: true, survives: 0 });
      } finally {
        setBusy(false);
      }
    },
    [busy, jobId, onChanged, state],
  );

  // A message answers the last press: it goes at the person's next correction (of any row, here or in the
  // panel for many rows), so that it is never read as being about what they did next. The parent fetches
  // the state again after every change; an undo or redo's own change is the one its "Undone" survives.
  // Not at the next click: the line going would move the grid under a double-click.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new state says the edits changed
  useEffect(() => {
    setMessage((m) => (m && m.survives > 0 ? { ...m, survives: m.survives - 1 } : undefined));
  }, [state]);

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

  const button = (direction: 'undo' | 'redo') => {
    const next = direction === 'undo' ? state.undo : state.redo;
    const word = direction === 'undo' ? 'Undo' : 'Redo';
    const why = cannot[direction];
    const keys = direction === 'undo' ? 'Ctrl/⌘+Z' : 'Ctrl/⌘+Shift+Z';
    return (
      <button
        type="button"
        className="secondary"
        disabled={!next || why !== undefined || busy}
        title={why ?? (next ? `${word}: ${next.label} (${keys})` : `Nothing to ${direction}`)}
        aria-describedby={why ? `${noteId}-${direction}` : undefined}
        onClick={() => step(direction)}
      >
        {/* Not offered by name when it cannot be done: the note beside it says why. */}
        {word}
        {next && !why ? `: ${next.label}` : ''}
      </button>
    );
  };

  return (
    <div className="row wrap edit-history" role="toolbar" aria-label="Undo and redo">
      {button('undo')}
      {button('redo')}
      {(['undo', 'redo'] as const).map(
        (direction) =>
          cannot[direction] && (
            <span key={direction} id={`${noteId}-${direction}`} className="muted">
              {cannot[direction]}
            </span>
          ),
      )}
      {message &&
        (message.error ? (
          <span role="alert" className="error">
            {message.text}
          </span>
        ) : (
          <span className="muted" role="status">
            {message.text}
          </span>
        ))}
    </div>
  );
}
