/**
 * A step's primary button. When it cannot be used, a line beside it says in words what is missing,
 * and the button points to that line (aria-describedby), so no one is left before a grey button.
 */
import { useId } from 'react';

export function PrimaryAction(props: {
  label: string;
  /** What must happen first; the button is disabled while this is set. */
  missing?: string;
  busy?: string;
  onClick(): void;
}) {
  const id = useId();
  const disabled = props.missing !== undefined || props.busy !== undefined;
  return (
    <>
      {props.missing !== undefined && (
        <span id={id} className="why-disabled" role="status">
          {props.missing}
        </span>
      )}
      <button
        type="button"
        data-primary="true"
        disabled={disabled}
        aria-describedby={props.missing !== undefined ? id : undefined}
        onClick={props.onClick}
      >
        {props.busy ?? props.label}
      </button>
    </>
  );
}

/** "a template, a campaign and an allocation" from the names of what is still missing. */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
