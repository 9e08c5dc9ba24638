/**
 * A searchable list picker with a real selection state (ARIA combobox + listbox):
 * - only the chosen item is drawn as chosen (filled, with a check); the item the arrow keys are on is only
 *   outlined, and only while the picker has focus;
 * - keyboard: type to narrow, ↑/↓/Home/End to move, Enter to choose (Enter with one match chooses it),
 *   Escape clears the search; mouse: click an item;
 * - a line under the list always says what is chosen, or why nothing is (and what to do).
 */
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { IdName } from '../../../shared/contract.ts';
import { matchingItems, moveActive, type Reconciled } from '../lib/choice.ts';

export interface PickerProps {
  /** Visible label, also the listbox's name ("Campaign"). */
  label: string;
  /** The word for one item in sentences ("campaign"). */
  noun: string;
  items: readonly IdName[];
  /** False while the list is being fetched. */
  loaded: boolean;
  value: number | undefined;
  /** Why the value is what it is when the person did not choose it (only one item; a choice vanished). */
  note?: Reconciled['note'];
  onChange(id: number): void;
  /** When set, the picker is disabled and this says what is missing ("Choose a campaign first."). */
  disabledReason?: string;
}

export function Picker(props: PickerProps) {
  const { items, value, disabledReason } = props;
  const [search, setSearch] = useState('');
  const [active, setActive] = useState(-1);
  const listRef = useRef<HTMLDivElement>(null);
  const base = useId();
  const shown = matchingItems(items, search);
  const chosen = items.find((i) => i.id === value);
  const disabled = disabledReason !== undefined;
  const optionId = (id: number) => `${base}-option-${id}`;

  useEffect(() => {
    if (active < 0) return;
    listRef.current?.children[active]?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const choose = (item: IdName | undefined) => {
    if (!item || disabled) return;
    props.onChange(item.id);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const moved = moveActive(e.key, active, shown.length);
    if (moved !== undefined) {
      e.preventDefault();
      setActive(moved);
      return;
    }
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
      const target = active >= 0 ? shown[active] : shown.length === 1 ? shown[0] : undefined;
      if (target) {
        e.preventDefault();
        choose(target);
      }
    } else if (e.key === 'Escape' && search) {
      e.preventDefault();
      setSearch('');
      setActive(-1);
    }
  };

  const status = disabled
    ? disabledReason
    : !props.loaded
      ? `Loading the ${props.noun}s…`
      : chosen
        ? (props.note?.text ?? `Chosen: ${chosen.name} (${chosen.id}).`)
        : (props.note?.text ?? `Nothing chosen yet: pick ${/^[aeiou]/i.test(props.noun) ? 'an' : 'a'} ${props.noun}.`);
  const statusClass = !disabled && props.loaded && !chosen ? 'picker-status warn' : 'picker-status';

  return (
    <div className={disabled ? 'picker disabled' : 'picker'}>
      <span className="picker-label" id={`${base}-label`}>
        {props.label}
      </span>
      <input
        role="combobox"
        aria-label={`Search ${props.label.toLowerCase()}`}
        aria-controls={`${base}-list`}
        aria-expanded={!disabled}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 && shown[active] ? optionId(shown[active].id) : undefined}
        aria-describedby={`${base}-status`}
        placeholder="Search by name or id"
        title="Type to narrow the list; ↑ ↓ to move, Enter to choose"
        value={search}
        disabled={disabled}
        onChange={(e) => {
          setSearch(e.target.value);
          setActive(e.target.value.trim() ? 0 : -1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setActive(-1)}
      />
      <div
        ref={listRef}
        id={`${base}-list`}
        role="listbox"
        tabIndex={-1}
        onKeyDown={onKeyDown}
        aria-labelledby={`${base}-label`}
        aria-disabled={disabled}
        className="picker-list"
      >
        {shown.map((item, i) => {
          const isChosen = item.id === value;
          return (
            <div
              key={item.id}
              tabIndex={-1}
              id={optionId(item.id)}
              role="option"
              aria-selected={isChosen}
              aria-disabled={disabled}
              className={[isChosen ? 'chosen' : '', i === active ? 'active' : ''].join(' ').trim() || undefined}
              // Keeps focus in the search box, so the keyboard carries on from where the mouse left it.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                setActive(i);
                choose(item);
              }}
              onKeyDown={(e) => {
                if (e.key === ' ') {
                  e.preventDefault();
                  choose(item);
                }
              }}
            >
              <span className="picker-check" aria-hidden="true">
                {isChosen ? '✓' : ''}
              </span>
              {item.name} <span className="muted">({item.id})</span>
            </div>
          );
        })}
      </div>
      {props.loaded && !disabled && shown.length === 0 && items.length > 0 && (
        <p className="muted picker-empty">Nothing matches “{search}”.</p>
      )}
      <p id={`${base}-status`} className={statusClass} role="status">
        {status}
      </p>
    </div>
  );
}
