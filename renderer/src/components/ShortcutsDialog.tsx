/**
 * The keyboard shortcuts, opened with "?" or the header's Shortcuts button: a modal dialog (the page behind
 * is dimmed and out of reach, the focus is inside, Esc or Close shuts it and the focus goes back where it
 * was), each key written beside what it does, in two columns read left to right.
 */
import { useLayoutEffect, useRef } from 'react';

export const SHORTCUTS: [string, string][] = [
  ['Ctrl/⌘ + O', 'Open a file'],
  ['Alt + 1 … 8', 'Go to a step'],
  ['Ctrl/⌘ + Enter', 'Continue to the next step'],
  ['Arrow keys (in the grid)', 'Move between cells; PageUp/PageDown, Home/End, Ctrl+Home/End go further'],
  ['Enter (in the grid)', 'Edit the focused cell; Enter saves, Esc cancels'],
  ['?', 'Show these shortcuts'],
];

export function ShortcutsDialog(props: { onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  const { onClose } = props;

  useLayoutEffect(() => {
    const box = dialog.current;
    if (!box) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    box.showModal();
    close.current?.focus();
    // Esc: the browser closes the dialog; the app then forgets it.
    const onCancel = (event: Event) => {
      event.preventDefault();
      onClose();
    };
    box.addEventListener('cancel', onCancel);
    return () => {
      box.removeEventListener('cancel', onCancel);
      // Shut by "?" or Close as by Esc: the page is usable again and the focus is back where it was.
      if (box.open) box.close();
      before?.focus();
    };
  }, [onClose]);

  return (
    <dialog ref={dialog} id="shortcuts" className="shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl className="shortcut-list">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys} className="shortcut-entry">
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <div className="row shortcuts-actions">
        <button ref={close} type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
